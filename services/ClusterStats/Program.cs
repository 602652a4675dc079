using SmePlatform.ClusterStats.Features.EnterpriseCounts;
using SmePlatform.ClusterStats.Features.ProjectionRebuild;
using SmePlatform.ClusterStats.Grpc;
using SmePlatform.ClusterStats.Integration;
using SmePlatform.Data;
using SmePlatform.Grpc.Server;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("stats");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("stats", bus => bus.AddConsumer<EnterpriseRegisteredConsumer>(typeof(EnterpriseRegisteredConsumerDefinition)));
builder.AddGrpcEndpoint();
builder.Services.AddEnterpriseDirectoryClient();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEnterpriseCountEndpoints();
app.MapProjectionRebuildEndpoints();
app.MapGrpcEndpoint();

app.MapAuditTrail("/api/stats");

await app.RunAsync();

public partial class Program;
