using SmePlatform.Data;
using SmePlatform.Matching;
using SmePlatform.Matching.Integration;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("matching", bus => bus.AddMatchingConsumers());
builder.AddMatchingModule();
builder.AddGrpcEndpoint();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMatchingModule();
await app.RunAsync();

public partial class Program;
