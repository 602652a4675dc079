using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("matching");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("matching");
builder.AddGrpcEndpoint();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint();

app.MapAuditTrail("/api/matching");

await app.RunAsync();

public partial class Program;
