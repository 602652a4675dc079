using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using SmePlatform.ServiceDefaults;

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
        // Health probes are cheap GETs: one quick retry, 2 s per attempt, and (per service) a breaker that opens after a
        // few failures, so a dead service is reported at once instead of holding the gateway's readiness for seconds.
        services.AddHttpClient(HttpClientName).AddPlatformResilience().Configure(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
            options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.CircuitBreaker.FailureRatio = 0.5;
            options.CircuitBreaker.MinimumThroughput = 5;
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
            // The shortest break the handler allows: the gateway turns ready within about a second of its services.
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
        });
        var checks = services.AddHealthChecks();
        foreach (var service in downstream)
        {
            checks.Add(new HealthCheckRegistration(service.Name,
                provider => new DownstreamReadiness(service, provider.GetRequiredService<IHttpClientFactory>()),
                HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag]));
        }

        return services;
    }
}
