using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Npgsql;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Integration;

/// <summary>OneStop's real enterprise events through a real RabbitMQ into the projection in a real PostgreSQL.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RegisterProjectionTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 2, 0, 0, TimeSpan.Zero);

    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private IBusControl publisher = null!;

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "ClusterStats to be ready (bus connected, queues bound)");
        publisher = await factory.VirtualHost.StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        await factory.DisposeAsync();
    }

    private static EnterpriseRegistered Registered(Guid id, string ward, string industry, int employees = 10) =>
        new(id, "91210100MA0000001X", "沈阳测试企业", ward, industry, employees, 1_000_000m, 500_000m, T0,
            SizeClass: "small", SizeRuleSetId: "CN-2011", SizeRuleSetVersion: 1, LegalForm: "llc", OwnershipType: "private");

    private static EnterpriseUpdated Updated(Guid id, string ward, string industry, int rowVersion, DateTimeOffset at, int employees = 10) =>
        new(id, "91210100MA0000001X", "沈阳测试企业", ward, industry, employees, 2_000_000m, 500_000m, null, ["ward"], rowVersion, at,
            OwnershipType: "state-owned");

    private async Task<EnterpriseRecord?> ReadAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return await RegisteredEnterpriseStore.FindAsync(connection, id, CancellationToken.None);
    }

    private Task<EnterpriseRecord?> PollAsync(Guid id, Func<EnterpriseRecord, bool> until, string what) =>
        Poll.UntilAsync(() => ReadAsync(id), r => r is not null && until(r), TimeSpan.FromSeconds(30), what);

    private async Task<JsonElement> CountsAsync(string query = "")
    {
        using var response = await office.GetAsync("/api/stats/enterprise-counts" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid[]> FirmsAsync(string ward, string section) =>
        [.. (await office.GetFromJsonAsync<JsonElement>($"/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises"))
            .EnumerateArray().Select(f => f.GetProperty("enterpriseId").GetGuid())];

    private static int WardCount(JsonElement counts, string ward) =>
        counts.GetProperty("byWard").EnumerateArray().Where(w => w.GetProperty("ward").GetString() == ward)
            .Select(w => w.TryGetProperty("enterprises", out var n) ? n.GetInt32() : -1).SingleOrDefault();

    [Fact]
    public async Task Updates_reclassifications_closures_and_mergers_leave_the_counts_equal_to_the_active_register()
    {
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        foreach (var registered in new[] { Registered(a, "heping", "C3511"), Registered(b, "heping", "C1392"), Registered(c, "heping", "F5120") })
        {
            await publisher.Publish(registered);
        }

        await publisher.Publish(Updated(a, "tiexi", "C3512", 2, T0.AddDays(1)));
        await publisher.Publish(new EnterpriseReclassified(a, "tiexi", "C3512", "small", "medium", "CN-2011", 1, "CN-2011", 1, "employees", T0.AddDays(1)));
        await publisher.Publish(new EnterpriseDeactivated(b, "91210100MA0000002X", "heping", "closure", null, DateOnly.FromDateTime(T0.AddDays(2).Date), null, T0.AddDays(2)));
        await publisher.Publish(new EnterprisesMerged(a, "91210100MA0000001X", "tiexi", c, "91210100MA0000003X", "heping", "duplicate", 3, T0.AddDays(3)));
        await publisher.Publish(new EnterpriseDeactivated(c, "91210100MA0000003X", "heping", "merger", a, DateOnly.FromDateTime(T0.AddDays(3).Date), "duplicate", T0.AddDays(3)));

        var moved = await PollAsync(a, r => r.SizeClass == "medium" && r.Ward == "tiexi" && r.LegalForm is not null, "the registration, update and reclassification of a (separate queues: any order)");
        await PollAsync(b, r => !r.IsActive, "the closure of b");
        var merged = await PollAsync(c, r => !r.IsActive, "the merger of c");

        Assert.Equal(("C3512", "state-owned", "llc"), (moved!.IndustryCode, moved.OwnershipType, moved.LegalForm));
        Assert.Equal(a, merged!.MergedInto);
        // One active enterprise is a withheld cell for everyone: the SME Office's firm lists show what it holds.
        var counts = await CountsAsync();
        Assert.Equal(("live", "C"), (counts.GetProperty("source").GetString(), counts.GetProperty("obsStatus").GetString()));
        Assert.Equal(["tiexi/C"], counts.GetProperty("cells").EnumerateArray().Select(c => $"{c.GetProperty("ward").GetString()}/{c.GetProperty("industrySection").GetString()}"));
        Assert.Equal([a], await FirmsAsync("tiexi", "C"));
        Assert.Empty(await FirmsAsync("heping", "C"));
        Assert.Empty(await FirmsAsync("heping", "F"));
    }

    [Fact]
    public async Task An_older_update_delivered_after_a_newer_one_changes_nothing()
    {
        var id = Guid.CreateVersion7();
        await publisher.Publish(Updated(id, "dadong", "C3511", 3, T0.AddDays(3), employees: 30));
        await PollAsync(id, r => r.Employees == 30, "the newer update");

        await publisher.Publish(Updated(id, "shenhe", "C3511", 2, T0.AddDays(2), employees: 20));
        await publisher.Publish(Registered(id, "heping", "C3511", employees: 10));
        var record = await PollAsync(id, r => r.LegalForm == "llc", "the late registration's legal form");

        Assert.Equal(("dadong", 30, 3, T0), (record!.Ward, record.Employees, record.AttributesVersion, record.RegisteredAt));
    }

    [Fact]
    public async Task A_figure_as_of_a_past_day_comes_from_the_snapshot_taken_by_then_and_before_the_first_snapshot_is_refused()
    {
        // Four, then three enterprises of equal size: cells large enough not to be withheld.
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7()).ToArray();
        var b = ids[0];
        foreach (var id in ids)
        {
            await publisher.Publish(Registered(id, "sujiatun", "C3511"));
        }

        await Poll.UntilAsync(() => CountsAsync(), c => WardCount(c, "sujiatun") == 4, TimeSpan.FromSeconds(30), "four in sujiatun");

        // 2026-11-15: October's snapshot (four enterprises); then b closes and, in December, November's (three).
        using var october = await office.PostAsync("/api/stats/snapshots", null);
        Assert.Equal("2026-10-01", (await october.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("period").GetString());
        await publisher.Publish(new EnterpriseDeactivated(b, "91210100MA0000002X", "sujiatun", "closure", null, new DateOnly(2026, 11, 20), null, T0.AddDays(80)));
        await Poll.UntilAsync(() => CountsAsync(), c => WardCount(c, "sujiatun") == 3, TimeSpan.FromSeconds(30), "b closed");
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        using var november = await office.PostAsync("/api/stats/snapshots", null);
        Assert.Equal("2026-11-01", (await november.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("period").GetString());

        var midNovember = await CountsAsync("?asOf=2026-11-20");
        var december = await CountsAsync("?asOf=2026-12-05");
        using var tooEarly = await office.GetAsync("/api/stats/enterprise-counts?asOf=2026-11-14");
        using var notADay = await office.GetAsync("/api/stats/enterprise-counts?asOf=November");

        Assert.Equal(("snapshot", "2026-10-01", 4), (midNovember.GetProperty("source").GetString(), midNovember.GetProperty("period").GetString(), WardCount(midNovember, "sujiatun")));
        Assert.Equal(("2026-11-01", 3), (december.GetProperty("period").GetString(), WardCount(december, "sujiatun")));
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        var problem = await tooEarly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("before the first snapshot", problem.GetProperty("errors").GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notADay.StatusCode);
    }

    [Fact]
    public async Task Taking_a_months_snapshot_twice_keeps_the_first()
    {
        using var first = await office.PostAsync("/api/stats/snapshots", null);
        using var second = await office.PostAsync("/api/stats/snapshots", null);
        var (one, two) = (await first.Content.ReadFromJsonAsync<JsonElement>(), await second.Content.ReadFromJsonAsync<JsonElement>());

        Assert.True(one.GetProperty("taken").GetBoolean());
        Assert.False(two.GetProperty("taken").GetBoolean());
        Assert.Equal(one.GetProperty("takenAt").GetDateTimeOffset(), two.GetProperty("takenAt").GetDateTimeOffset());
    }
}
