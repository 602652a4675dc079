using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// OpenTelemetry through OpenTelemetry.Extensions.Hosting (ADR 0016): the host starts the providers with the app and
/// flushes them at shutdown. Traces and metrics of ASP.NET Core, HttpClient, gRPC clients, Npgsql, MassTransit, the
/// runtime and our own sources; OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT (or Otel:Endpoint) is set;
/// metrics are always scrapeable at /metrics (<see cref="MetricsEndpoint"/>).
/// </summary>
public static class Telemetry
{
    /// <summary>Our own activity sources and meters all start with this prefix.</summary>
    public const string SourcePrefix = "SmePlatform";

    /// <summary>MassTransit publishes its own activity source and meter under this name.</summary>
    public const string MassTransitSource = "MassTransit";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        // W3C trace context everywhere, including messages (the outbox stores it, the relay restores it).
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        Activity.ForceDefaultIdFormat = true;

        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? configuration["Otel:Endpoint"];
        var collector = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceNamespace: "smeplatform"));
        // Spans cost every request CPU: they are made only when someone receives them, a collector or a test's exporter
        // (Otel:Tracing). Metrics are cheap (counters and histograms) and always on for /metrics.
        if (collector is not null || configuration.GetValue<bool>("Otel:Tracing"))
        {
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => IsTraced(context, collector))
                    .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => IsTraced(request.RequestUri, collector))
                    .AddGrpcClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(MassTransitSource, SourcePrefix + ".*");
                if (collector is not null)
                {
                    tracing.AddOtlpExporter(options => options.Endpoint = collector);
                }
            });
        }

        telemetry.WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(MassTransitSource, SourcePrefix + ".*")
                    .AddPrometheusExporter();
                if (collector is not null)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = collector);
                }
            });
        return services;
    }

    /// <summary>
    /// Probes and scrapes arrive every few seconds and would bury the requests that matter, so they make no spans;
    /// nor does anything arriving on the collector's port (a collector or receiver hosted in this process): traced,
    /// each export would be traced by the next one.
    /// </summary>
    internal static bool IsTraced(HttpContext context, Uri? collector) =>
        !IsProbeOrScrape(context.Request.Path) && (collector is null || context.Connection.LocalPort != collector.Port);

    /// <summary>The outgoing side of the same rule: the gateway's readiness probes and calls to the collector.</summary>
    internal static bool IsTraced(Uri? request, Uri? collector) =>
        request is null
        || (!IsProbeOrScrape(request.AbsolutePath)
            && (collector is null || !(request.Port == collector.Port && string.Equals(request.Host, collector.Host, StringComparison.OrdinalIgnoreCase))));

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase);
}
