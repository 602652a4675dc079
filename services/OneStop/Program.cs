using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.OneStop;
using SmePlatform.OneStop.Integration;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("onestop");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("onestop", bus => bus.AddOneStopConsumers());
builder.AddOneStopModule();
builder.AddGrpcEndpoint();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOneStopModule();
await app.RunAsync();

public partial class Program;
