using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.Platform.Tests.Resilience;

/// <summary>
/// The crash experiments, run against the whole platform as <c>./sme up</c> starts it, with four clients registering
/// enterprises through the gateway throughout: OneStop killed with SIGKILL, RabbitMQ stopped and restarted, PostgreSQL
/// stopped and restarted. (CreditGuarantee killed during bank submissions is <see cref="GuaranteeCrashTests"/>.) Each
/// proves the property the platform promises: nothing acknowledged is lost, nothing is duplicated, a retry with the same
/// Idempotency-Key gives the first answer, the statistics registry downstream counts every enterprise exactly once,
/// readiness goes red during the outage and green after it. The catch-up times are reported, never asserted: the
/// machines are shared. Each experiment registers in a ward of its own, which no other platform test uses.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CrashExperimentTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_OneStop_during_registrations_loses_nothing_acknowledged_and_retries_make_no_duplicates()
    {
        await using var load = new RegistrationLoad(platform, "liaozhong", "210122");
        var before = await load.CountedDownstreamAsync();
        load.Start();
        await load.UntilAcknowledgedAsync(30, "30 acknowledged registrations before the crash");
        platform.Kill("onestop");
        await RegistrationLoad.UntilReadinessAsync(platform.GatewayUrl, HttpStatusCode.ServiceUnavailable, "the gateway to report OneStop not ready");
        await load.StopAsync();

        // What the gateway told the clients it cut off is a typed problem, and what it calls "not applied" is not stored.
        Assert.All(load.Failed.Values, problem => Assert.StartsWith("downstream-", problem.GetProperty("code").GetString(), StringComparison.Ordinal));
        var notApplied = load.Failed.Where(f => !f.Value.GetProperty("mayHaveBeenApplied").GetBoolean()).Select(f => load.Sent(f.Key).Uscc).ToArray();
        await using (var register = new NpgsqlConnection(platform.DatabaseOf("onestop")))
        {
            Assert.Equal(0, await register.ExecuteScalarAsync<long>("SELECT count(*) FROM enterprises WHERE uscc = ANY(@notApplied)", new { notApplied }));
        }

        var restarted = Stopwatch.StartNew();
        await platform.StartAsync("onestop");
        var ready = await RegistrationLoad.UntilReadinessAsync(platform.GatewayUrl, HttpStatusCode.OK, "the gateway to report OneStop ready again");
        await AssertNothingLostNorDuplicatedAsync(load, before, restarted, $"OneStop back and the gateway ready {ready.TotalSeconds:F1} s after its restart");
    }

    [Fact]
    public async Task A_broker_outage_during_registrations_loses_no_event_and_readiness_tells_the_truth()
    {
        await using var load = new RegistrationLoad(platform, "sujiatun", "210111");
        var before = await load.CountedDownstreamAsync();
        var onestop = platform.UrlOf("onestop");
        load.Start();
        await load.UntilAcknowledgedAsync(10, "10 acknowledged registrations before the broker stops");

        await platform.RabbitMq.StopAsync();
        var red = await RegistrationLoad.UntilReadinessAsync(onestop, HttpStatusCode.ServiceUnavailable, "OneStop to report itself not ready without its broker");
        // Registrations go on without the broker: they wait in OneStop's outbox.
        var duringOutage = load.Acknowledged.Count;
        await load.UntilAcknowledgedAsync(duringOutage + 10, "10 more registrations acknowledged while the broker is down");

        var restarted = Stopwatch.StartNew();
        await platform.RabbitMq.RestartAsync();
        var green = await RegistrationLoad.UntilReadinessAsync(onestop, HttpStatusCode.OK, "OneStop ready again once the broker is back");
        await load.StopAsync();
        Assert.Empty(load.Failed); // the broker is not needed to register: no registration failed for its outage

        await AssertNothingLostNorDuplicatedAsync(load, before, restarted,
            $"readiness red {red.TotalSeconds:F1} s after the broker stopped, green {green.TotalSeconds:F1} s after it restarted");
        await RegistrationLoad.UntilReadinessAsync(platform.GatewayUrl, HttpStatusCode.OK, "the whole platform ready after the broker outage");
    }

    [Fact]
    public async Task A_database_outage_during_registrations_answers_503_with_Retry_After_and_loses_nothing()
    {
        await using var load = new RegistrationLoad(platform, "yuhong", "210114");
        var before = await load.CountedDownstreamAsync();
        var onestop = platform.UrlOf("onestop");
        load.Start();
        await load.UntilAcknowledgedAsync(10, "10 acknowledged registrations before the database stops");

        await platform.Postgres.StopAsync();
        await Poll.UntilAsync(() => Task.FromResult(load.Failed.Values.Any(IsDependencyUnavailable)), found => found,
            TimeSpan.FromSeconds(60), "a registration answered 503 dependency-unavailable while the database is down");
        await RegistrationLoad.UntilReadinessAsync(onestop, HttpStatusCode.ServiceUnavailable, "OneStop to report itself not ready without its database");

        var restarted = Stopwatch.StartNew();
        await platform.Postgres.RestartAsync();
        var green = await RegistrationLoad.UntilReadinessAsync(onestop, HttpStatusCode.OK, "OneStop ready again once the database is back");
        var resumed = load.Acknowledged.Count;
        await load.UntilAcknowledgedAsync(resumed + 5, "registrations acknowledged again after the database is back");
        await load.StopAsync();

        // While the database was away, every failure said so and when to come back; none was a bare 500.
        Assert.All(load.Failed.Values, problem => Assert.True(IsDependencyUnavailable(problem) || IsDownstream(problem), problem.ToString()));
        await AssertNothingLostNorDuplicatedAsync(load, before, restarted, $"OneStop ready {green.TotalSeconds:F1} s after the database restarted");
        await RegistrationLoad.UntilReadinessAsync(platform.GatewayUrl, HttpStatusCode.OK, "the whole platform ready after the database outage");
    }

    private static bool IsDependencyUnavailable(JsonElement problem) =>
        problem.TryGetProperty("code", out var code) && code.GetString() == "dependency-unavailable";

    private static bool IsDownstream(JsonElement problem) =>
        problem.TryGetProperty("code", out var code) && code.GetString()?.StartsWith("downstream-", StringComparison.Ordinal) == true;

    /// <summary>
    /// Every registration retried with its key: the acknowledged ones answer with the id first given, each key is one
    /// enterprise, each is readable, and the statistics registry counts exactly the ward's new enterprises.
    /// </summary>
    private async Task AssertNothingLostNorDuplicatedAsync(RegistrationLoad load, int before, Stopwatch sinceRecovery, string what)
    {
        var answered = await load.RetryAllAsync();
        foreach (var (key, id) in load.Acknowledged)
        {
            Assert.Equal(id, answered[key]);
        }

        Assert.Equal(answered.Count, answered.Values.Distinct().Count());
        foreach (var id in load.Acknowledged.Values)
        {
            using var read = await load.ReadAsync(id);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{id}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        }

        var expected = before + answered.Count;
        var counted = await Poll.UntilAsync(load.CountedDownstreamAsync, n => n >= expected, TimeSpan.FromSeconds(90),
            $"the statistics registry to count the {answered.Count} new enterprises");
        Assert.Equal(expected, counted);
        output.WriteLine($"{what}; attempted {load.Attempted}, acknowledged {load.Acknowledged.Count}, answered 5xx {load.Failed.Count}, " +
            $"registered after retries {answered.Count}; counted downstream {sinceRecovery.Elapsed.TotalSeconds:F1} s after recovery");
    }
}
