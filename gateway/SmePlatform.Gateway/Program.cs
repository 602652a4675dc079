using SmePlatform.Gateway;
using SmePlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewaySecurity();

var downstream = Downstream.FromConfiguration(builder.Configuration);
var (routes, clusters) = ProxyConfiguration.Build(downstream, builder.Configuration["Portal:Url"]);
var gatewayGrpcUrl = GrpcDownstream.AddListener(builder);
var (grpcRoutes, grpcClusters) = GrpcDownstream.BuildProxyConfiguration(GrpcDownstream.FromConfiguration(builder.Configuration), gatewayGrpcUrl);
builder.Services.AddReverseProxy().LoadFromMemory([.. routes, .. grpcRoutes], [.. clusters, .. grpcClusters]);
DownstreamReadiness.AddDownstreamReadiness(builder.Services, downstream);

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseGatewaySecurity();
app.MapUnknownApiPaths();
app.MapReverseProxy(proxy => proxy.UseGatewayPipeline());
await app.RunAsync();

public partial class Program;
