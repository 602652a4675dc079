using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmePlatform.Messaging;

namespace SmePlatform.BuildingBlocks.Tests.Messaging;

/// <summary>Events that stop flowing make the service not ready, after a grace period that rides out a blip.</summary>
public sealed class ReadinessGraceTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-12-07T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly OutboxRelayHealth health;
    private readonly OutboxRelayReadiness readiness;

    public ReadinessGraceTests()
    {
        health = new OutboxRelayHealth(clock);
        readiness = new OutboxRelayReadiness(health, clock, Options.Create(new MessagingReadinessOptions { GraceSeconds = 10 }));
    }

    private async Task<HealthCheckResult> CheckAsync() => await readiness.CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task A_relay_that_publishes_is_ready() => Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

    [Fact]
    public async Task Failing_within_the_grace_period_is_degraded_and_still_ready()
    {
        health.Failed("Connection refused");
        clock.Advance(TimeSpan.FromSeconds(10));

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("Connection refused", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_longer_than_the_grace_period_is_not_ready_with_the_reason()
    {
        health.Failed("Connection refused");
        clock.Advance(TimeSpan.FromSeconds(5));
        health.Failed("Broker unreachable"); // a later failure does not restart the clock
        clock.Advance(TimeSpan.FromSeconds(6));

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Broker unreachable", result.Description, StringComparison.Ordinal);
        Assert.Contains("11 s", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_success_makes_it_ready_again()
    {
        health.Failed("Connection refused");
        clock.Advance(TimeSpan.FromMinutes(1));
        health.Succeeded();

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1000)]
    [InlineData(50, 1000)]
    public void The_relay_retries_at_least_every_second_however_long_the_outage(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), OutboxRelay.BackOff(failures));
}
