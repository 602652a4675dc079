using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SmePlatform.Messaging;

/// <summary>How long the broker or the outbox relay may be failing before the service says it is not ready.</summary>
public sealed class MessagingReadinessOptions
{
    /// <summary>
    /// A broker restart or a failover takes seconds; readiness turning red at the first failed publish would make a
    /// load balancer drain every replica for a blip. Longer than this, events have stopped flowing: not ready (503).
    /// </summary>
    public int GraceSeconds { get; set; } = 10;
}

/// <summary>
/// Since when the outbox relay has been failing (null while it works), and why. The relay writes it; the readiness
/// check reads it.
/// </summary>
public sealed class OutboxRelayHealth(TimeProvider clock)
{
    private readonly Lock gate = new();
    private DateTimeOffset? failingSince;
    private string? reason;

    public void Succeeded()
    {
        lock (gate)
        {
            failingSince = null;
            reason = null;
        }
    }

    public void Failed(string why)
    {
        lock (gate)
        {
            failingSince ??= clock.GetUtcNow();
            reason = why;
        }
    }

    public (DateTimeOffset? Since, string? Reason) State
    {
        get
        {
            lock (gate)
            {
                return (failingSince, reason);
            }
        }
    }
}

/// <summary>Not ready when the outbox relay has failed for longer than the grace period: committed events are not leaving.</summary>
public sealed class OutboxRelayReadiness(OutboxRelayHealth health, TimeProvider clock, IOptions<MessagingReadinessOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (since, reason) = health.State;
        return Task.FromResult(Grace.Judge(since, clock.GetUtcNow(), options.Value.GraceSeconds, $"the outbox relay cannot publish: {reason}"));
    }
}

/// <summary>
/// Not ready when the RabbitMQ bus has not been healthy for longer than the grace period. MassTransit's own bus check
/// answers "Degraded" during an outage, which readiness reports as 200: this check asks it and applies the grace.
/// </summary>
public sealed class BrokerReadiness(IOptions<HealthCheckServiceOptions> registrations, IServiceProvider services, TimeProvider clock,
    IOptions<MessagingReadinessOptions> options) : IHealthCheck
{
    /// <summary>The name MassTransit's bus check is registered under; it is kept off the readiness and liveness endpoints.</summary>
    public const string BusCheckName = "masstransit-bus";

    private readonly Lock gate = new();
    private DateTimeOffset? failingSince;
    private bool everConnected;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var registration = registrations.Value.Registrations.Single(r => r.Name == BusCheckName);
        var bus = await registration.Factory(services).CheckHealthAsync(new HealthCheckContext { Registration = registration }, cancellationToken);
        DateTimeOffset? since;
        lock (gate)
        {
            everConnected |= bus.Status == HealthStatus.Healthy;
            failingSince = bus.Status == HealthStatus.Healthy ? null : failingSince ?? clock.GetUtcNow();
            since = failingSince;
        }

        if (!everConnected)
        {
            // Starting: not ready until the bus has connected and bound its queues once; the grace is for outages.
            return HealthCheckResult.Unhealthy($"RabbitMQ is not connected yet: {bus.Description}");
        }

        return Grace.Judge(since, clock.GetUtcNow(), options.Value.GraceSeconds, $"RabbitMQ is not connected: {bus.Description}");
    }
}

internal static class Grace
{
    public static HealthCheckResult Judge(DateTimeOffset? failingSince, DateTimeOffset now, int graceSeconds, string problem)
    {
        if (failingSince is not { } since)
        {
            return HealthCheckResult.Healthy();
        }

        var failing = now - since;
        return failing.TotalSeconds > graceSeconds
            ? HealthCheckResult.Unhealthy($"{problem} (for {failing.TotalSeconds:0} s)")
            : HealthCheckResult.Degraded($"{problem} (for {failing.TotalSeconds:0} s, within the {graceSeconds} s grace)");
    }
}
