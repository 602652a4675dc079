using SmePlatform.ClusterStats;
using SmePlatform.ClusterStats.Integration;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("stats");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("stats", bus => bus.AddClusterStatsConsumers());
builder.AddClusterStatsModule();
builder.AddGrpcEndpoint();
var app = builder.Build();
app.MapDefaultEndpoints();
app.MapClusterStatsModule();
await app.RunAsync();

public partial class Program;
