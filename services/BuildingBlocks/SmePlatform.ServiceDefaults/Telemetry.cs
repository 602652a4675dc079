using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// OpenTelemetry with the core SDK only (OpenTelemetry.Extensions.Hosting does not restore here, PACKAGES.md):
/// providers are built once and registered as singletons so the container disposes (and flushes) them on shutdown.
/// OTLP export is on when OTEL_EXPORTER_OTLP_ENDPOINT (or Otel:Endpoint) is configured.
/// </summary>
public static class Telemetry
{
    /// <summary>Our own activity sources and meters all start with this prefix.</summary>
    public const string SourcePrefix = "SmePlatform";

    public static readonly string[] TraceSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", "MassTransit", "SmePlatform.Grpc", SourcePrefix + ".*"];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime",
        "Npgsql", "MassTransit", SourcePrefix + ".*",
    ];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        // W3C trace context everywhere, including messages (the outbox stores it, the relay restores it).
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        Activity.ForceDefaultIdFormat = true;

        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? configuration["Otel:Endpoint"];
        var exporting = !string.IsNullOrWhiteSpace(endpoint);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName, serviceNamespace: "smeplatform");

        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(TraceSources);
        var metering = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
        if (exporting)
        {
            tracing.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint!));
            metering.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint!));
        }

        services.AddSingleton(tracing.Build());
        services.AddSingleton(metering.Build());
        services.AddHostedService<TelemetryActivation>();
        return services;
    }
}
