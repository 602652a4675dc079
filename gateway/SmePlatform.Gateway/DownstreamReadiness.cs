using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmePlatform.Resilience;

namespace SmePlatform.Gateway;

/// <summary>
/// The gateway is ready only when every service is: each service's /health/ready becomes one check here, so the
/// gateway's /health/ready lists every service's state and answers 200 only when all are healthy.
/// </summary>
public sealed class DownstreamReadiness(Downstream service, IHttpClientFactory clients) : IHealthCheck
{
    public const string HttpClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.GetAsync(new Uri(service.Url, "/health/ready"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = Summarise(body);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy(detail)
                : HealthCheckResult.Unhealthy($"{(int)response.StatusCode}: {detail}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            return HealthCheckResult.Unhealthy($"{service.Name} does not answer at {service.Url}.");
        }
    }

    /// <summary>"database: Healthy, masstransit-bus: Unhealthy" from the service's health JSON.</summary>
    private static string Summarise(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("checks", out var checks)
                ? string.Join(", ", checks.EnumerateObject().Select(c => $"{c.Name}: {c.Value.GetProperty("status").GetString()}"))
                : body;
        }
        catch (JsonException)
        {
            return "unreadable health response";
        }
    }

    public static IServiceCollection AddDownstreamReadiness(IServiceCollection services, IReadOnlyList<Downstream> downstream)
    {
        // Health probes are cheap GETs: one quick retry, a short timeout, and a breaker so a dead service answers at once.
        var pipeline = HttpResilience.CreatePipeline(new OutgoingCallOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 1,
            BreakerMinimumThroughput = 5,
        });
        services.AddHttpClient(HttpClientName).AddHttpMessageHandler(() => new ResilientHttpHandler(pipeline));
        var checks = services.AddHealthChecks();
        foreach (var service in downstream)
        {
            checks.Add(new HealthCheckRegistration(service.Name,
                provider => new DownstreamReadiness(service, provider.GetRequiredService<IHttpClientFactory>()),
                HealthStatus.Unhealthy, [ServiceDefaults.ServiceDefaultsExtensions.ReadyTag]));
        }

        return services;
    }
}
