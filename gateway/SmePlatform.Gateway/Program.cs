using SmePlatform.Gateway;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");

var downstream = Downstream.FromConfiguration(builder.Configuration);
var (routes, clusters) = ProxyConfiguration.Build(downstream);
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
DownstreamReadiness.AddDownstreamReadiness(builder.Services, downstream);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReverseProxy();
await app.RunAsync();

public partial class Program;
