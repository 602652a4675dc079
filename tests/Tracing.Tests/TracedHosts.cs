extern alias gateway;
extern alias onestop;
extern alias stats;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SmePlatform.Testing;

namespace SmePlatform.Tracing.Tests;

internal static class Exporting
{
    /// <summary>Adds the in-memory exporter to the host's own tracer provider, configured as in production otherwise.</summary>
    public static IWebHostBuilder ExportTo(this IWebHostBuilder builder, SpanCollection spans) =>
        builder.UseSetting("Otel:Tracing", "true")
            .ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));

    /// <summary>The one address a host on Kestrel listens on.</summary>
    public static Uri Address(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
}

/// <summary>
/// OneStop on Kestrel (the gateway reaches it over a real socket) with its gRPC port as in production (HTTP/2 only, next
/// to the REST port), its own database and virtual host.
/// </summary>
public sealed class OneStopHost : ServiceUnderTest<onestop::Program>
{
    private readonly SpanCollection spans;

    public OneStopHost(string connectionString, RabbitMqServer rabbitMq, SpanCollection spans)
        : base(connectionString, rabbitMq)
    {
        this.spans = spans;
        StartWithGrpcPort();
    }

    protected override void ConfigureService(IWebHostBuilder builder) => builder.ExportTo(spans);
}

/// <summary>ClusterStats with its own database, consuming from the virtual host OneStop publishes to, as in production.</summary>
public sealed class StatsHost : ServiceUnderTest<stats::Program>
{
    private readonly SpanCollection spans;
    private readonly string virtualHost;

    private readonly Uri oneStopGrpc;

    public StatsHost(string connectionString, RabbitMqServer rabbitMq, string virtualHost, Uri oneStopGrpc, SpanCollection spans)
        : base(connectionString, rabbitMq)
    {
        this.spans = spans;
        this.virtualHost = virtualHost;
        this.oneStopGrpc = oneStopGrpc;
        UseKestrel(0);
        StartServer();
        Url = Exporting.Address(Services);
    }

    public Uri Url { get; }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        // Applied after the common settings: the later value of a key wins.
        builder.UseSetting("RabbitMq:VirtualHost", virtualHost);
        builder.UseSetting("Services:onestop:GrpcUrl", oneStopGrpc.ToString());
        builder.ExportTo(spans);
    }
}

/// <summary>The gateway in memory (TestServer), proxying /api/onestop and /api/stats to the hosts; test tokens trusted.</summary>
public sealed class GatewayHost(Uri oneStop, Uri stats, SpanCollection spans) : WebApplicationFactory<gateway::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.TrustTestTokens();
        builder.UseSetting("Identity:Enabled", "false");
        builder.UseSetting("Services:onestop:Url", oneStop.ToString());
        builder.UseSetting("Services:stats:Url", stats.ToString());
        builder.ExportTo(spans);
    }
}
