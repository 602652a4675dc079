using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("diagnosis");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("diagnosis");
builder.AddGrpcEndpoint();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint();

app.MapAuditTrail("/api/diagnosis");

await app.RunAsync();

public partial class Program;
