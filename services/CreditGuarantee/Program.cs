using SmePlatform.Data;
using SmePlatform.Grpc.Server;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("guarantee");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("guarantee");
builder.AddGrpcEndpoint();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGrpcEndpoint();

app.MapAuditTrail("/api/guarantee");

await app.RunAsync();

public partial class Program;
