using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// What every SmePlatform host does the same way: telemetry, health, RFC 9457 problem details, JSON, limits
/// and graceful shutdown. A service's Program.cs calls AddServiceDefaults once and MapDefaultEndpoints once.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Health checks tagged "ready" decide /health/ready (dependencies: database, broker, outbox relay).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Health checks tagged "live" decide /health/live: the process itself, never a dependency (a restart would not help).</summary>
    public const string LiveTag = "live";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.AddPlatformLogging();
        builder.Services.AddTelemetry(builder.Configuration, serviceName);
        builder.AddPlatformAuthentication();

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(Http.WireStyle.Enums());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        builder.Services.AddSingleton(_ => Localization.MessageCatalogue.ForLoadedAssemblies());
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Body-binding failures (malformed JSON, oversized body) surface as exceptions so that one handler turns
        // them into ProblemDetails with field errors, in every environment, instead of a bare status code.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        var limits = builder.Configuration.GetSection("Limits");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.GetValue("MaxRequestBodyBytes", 1L * 1024 * 1024);
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.GetValue("MaxRequestHeadersBytes", 32 * 1024);
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: [LiveTag]);
        // In-flight requests and the outbox relay's current batch get time to finish on SIGTERM.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("ShutdownTimeoutSeconds", 30)));
        return builder;
    }

    /// <summary>
    /// Error handling, authentication and authorization (in that order), health endpoints, the Prometheus scrape at
    /// /metrics, and the access catalogue at /api/{service}/_meta/access that the authorization matrix test reads.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePlatformAuthentication();
        app.MapAccessCatalog("/api/" + app.Services.GetRequiredService<ServiceIdentity>().Name);
        app.MapMetrics();

        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymousByDesign("liveness probe for the orchestrator");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymousByDesign("readiness probe; shows dependency states, no data");
        return app;
    }
}

/// <summary>The short name of this service ("onestop", "stats", …): its route prefix /api/{Name} and telemetry name.</summary>
public sealed record ServiceIdentity(string Name);
