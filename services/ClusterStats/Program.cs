using SmePlatform.ClusterStats.Features.EnterpriseCounts;
using SmePlatform.ClusterStats.Features.ProjectionRebuild;
using SmePlatform.ClusterStats.Grpc;
using SmePlatform.ClusterStats.Integration;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ServiceDefaults.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("stats");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("stats", bus => bus.AddConsumer<EnterpriseRegisteredConsumer>(typeof(EnterpriseRegisteredConsumerDefinition)));
builder.AddGrpcEndpoint();
builder.Services.AddOneStopDirectory();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEnterpriseCountEndpoints();
app.MapProjectionRebuildEndpoints();
app.MapGrpcEndpoint();

app.MapAuditTrail("/api/stats");

await app.RunAsync();

public partial class Program;
