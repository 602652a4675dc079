using SmePlatform.ClusterStats.Features.EnterpriseCounts;
using SmePlatform.ClusterStats.Integration;
using SmePlatform.Data;
using SmePlatform.Messaging;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("stats");
builder.AddServiceDatabase<Program>();
builder.AddMessaging("stats", bus => bus.AddConsumer<EnterpriseRegisteredConsumer>(typeof(EnterpriseRegisteredConsumerDefinition)));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEnterpriseCountEndpoints();

await app.RunAsync();

public partial class Program;
