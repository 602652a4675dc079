using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// The Prometheus scrape endpoint, GET /metrics (ADR 0016). A service serves it on its own port, which only the
/// platform's network reaches: the gateway forwards nothing but /api/… prefixes, so /metrics is never routed to a
/// service from outside. A host whose port is public (the gateway) sets Metrics:ManagementPortOnly and serves it only
/// to connections on the Kestrel endpoint named "Management", when one is configured; every other port answers 404.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>The Kestrel endpoint for scrapes that must stay internal; set by whoever runs the host, never in appsettings.json.</summary>
    /// <remarks>appsettings.json is copied into the output of every project that references the host: an endpoint there
    /// would make any other web host started from that folder (a test's stub) bind it too.</remarks>
    public const string ManagementUrlKey = "Kestrel:Endpoints:Management:Url";

    public const string ManagementPortOnlyKey = "Metrics:ManagementPortOnly";

    public static IEndpointConventionBuilder MapMetrics(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint(Path)
            .AllowAnonymousByDesign("Prometheus scrape: request counts and durations, no data; internal ports only");
        var port = ManagementPort(app.Configuration);
        if (port is not null || app.Configuration.GetValue<bool>(ManagementPortOnlyKey))
        {
            // By the connection's local port, not RequireHost: the Host header is the caller's to choose.
            endpoint.Finally(builder =>
            {
                var scrape = builder.RequestDelegate!;
                builder.RequestDelegate = context =>
                {
                    if (context.Connection.LocalPort == port)
                    {
                        return scrape(context);
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                };
            });
        }

        return endpoint;
    }

    /// <summary>The management endpoint's port, or null when the host has none.</summary>
    public static int? ManagementPort(IConfiguration configuration) => Http2Listeners.ConfiguredUri(configuration, ManagementUrlKey, null)?.Port;
}
