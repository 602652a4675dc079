using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Api;

/// <summary>
/// Growth between two monthly snapshots a year apart through the real service, PostgreSQL and RabbitMQ: the worked
/// example of docs/statistics-rules.md §5, disclosure control at both ends, and the refusals for periods no snapshot covers.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GrowthTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private HttpClient counter = null!;
    private IBusControl publisher = null!;

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        counter = factory.As("counter_staff", ward: "heping");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        publisher = await factory.VirtualHost.StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        counter.Dispose();
        await factory.DisposeAsync();
    }

    private async Task<List<Guid>> PublishAsync(string ward, string code, int count, int each)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "测试企业", ward, code, each, each * 10_000m, 1m, DateTimeOffset.UtcNow));
        }

        return ids;
    }

    private Task WaitForTotalAsync(int total) =>
        Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts"),
            c => c.TryGetProperty("total", out var t) && t.GetInt32() == total, TimeSpan.FromSeconds(30), $"{total} enterprises counted");

    private static JsonElement Cell(JsonElement growth, string ward, string code) =>
        growth.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("ward").GetString() == ward && c.GetProperty("code").GetString() == code);

    private async Task YearOfGrowthAsync()
    {
        await PublishAsync("heping", "C3670", 5, 60);
        await PublishAsync("tiexi", "C3670", 4, 50);
        await PublishAsync("tiexi", "C3411", 10, 60);
        await PublishAsync("heping", "F5120", 12, 20);
        await PublishAsync("dadong", "G5110", 6, 20);
        await WaitForTotalAsync(37);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/stats/snapshots", null)).StatusCode); // October 2026, taken 15 November

        await PublishAsync("heping", "C3670", 1, 30);
        await PublishAsync("dadong", "C3670", 2, 10);
        await WaitForTotalAsync(40);
        factory.Clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/stats/snapshots", null)).StatusCode); // October 2027
    }

    [Fact]
    public async Task Growth_over_a_year_by_cluster_follows_the_worked_example_and_names_what_it_used()
    {
        await YearOfGrowthAsync();

        using var response = await counter.GetAsync("/api/stats/growth?from=2026-11-30&to=2027-11-30&level=cluster");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var growth = JsonDocument.Parse(text).RootElement;

        Assert.Equal(("2026-10-01", "2027-10-01", 1m), (growth.GetProperty("from").GetProperty("period").GetString(),
            growth.GetProperty("to").GetProperty("period").GetString(), growth.GetProperty("years").GetDecimal()));
        Assert.Contains("(end / start)^(1 / years) − 1", growth.GetProperty("formulas").GetProperty("cagr").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, growth.GetProperty("disclosureRulesVersion").GetInt32());
        var used = growth.GetProperty("clusterDefinitions").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "auto-parts");
        Assert.Equal(1, used.GetProperty("version").GetInt32());

        var heping = Cell(growth, "heping", "auto-parts");
        Assert.Equal("A", heping.GetProperty("obsStatus").GetString());
        Assert.Equal((5, 6, 300L, 330L), (heping.GetProperty("start").GetProperty("enterprises").GetInt32(), heping.GetProperty("end").GetProperty("enterprises").GetInt32(),
            heping.GetProperty("start").GetProperty("employment").GetInt64(), heping.GetProperty("end").GetProperty("employment").GetInt64()));
        Assert.Equal((0.2m, 0.1m, 0.1m, 30L), (heping.GetProperty("enterprisesCagr").GetDecimal(), heping.GetProperty("employmentCagr").GetDecimal(),
            heping.GetProperty("revenueCagr").GetDecimal(), heping.GetProperty("jobCreation").GetInt64()));

        // dadong's two auto-parts enterprises are withheld at the end, so its growth is too, and whatever protects it.
        var dadong = Cell(growth, "dadong", "auto-parts");
        Assert.Equal("C", dadong.GetProperty("obsStatus").GetString());
        Assert.All(growth.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("obsStatus").GetString() == "C"), c =>
        {
            Assert.False(c.TryGetProperty("end", out _));
            Assert.False(c.TryGetProperty("jobCreation", out _));
            Assert.False(c.TryGetProperty("employmentCagr", out _));
        });
        Assert.DoesNotContain("\"employment\":20,", growth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Growth_by_division_covers_every_ward_and_the_city()
    {
        await YearOfGrowthAsync();

        var growth = await office.GetFromJsonAsync<JsonElement>("/api/stats/growth?from=2026-11-30&to=2027-11-30&level=division");

        Assert.False(growth.TryGetProperty("clusterDefinitions", out _));
        var city = Cell(growth, "_T", "_T");
        Assert.Equal((0.081081m, 50L), (city.GetProperty("enterprisesCagr").GetDecimal(), city.GetProperty("jobCreation").GetInt64())); // 40 / 37 − 1; 30 + 2 × 10
        var tiexiC34 = Cell(growth, "tiexi", "C34");
        Assert.Equal((0m, 0L), (tiexiC34.GetProperty("employmentCagr").GetDecimal(), tiexiC34.GetProperty("jobCreation").GetInt64()));
        Assert.Contains(growth.GetProperty("cells").EnumerateArray(), c => c.GetProperty("ward").GetString() == "_T" && c.GetProperty("code").GetString() == "_T");
    }

    [Fact]
    public async Task A_period_before_the_first_snapshot_is_refused_with_every_bad_parameter_in_English_and_Chinese()
    {
        await YearOfGrowthAsync();

        using var early = await counter.GetAsync("/api/stats/growth?from=2026-10-31&to=2027-11-30");
        using var missing = await counter.GetAsync("/api/stats/growth?level=county");
        using var same = await counter.GetAsync("/api/stats/growth?from=2026-11-30&to=2026-12-31");
        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/api/stats/growth?from=2026-10-31&to=2027-11-30");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var inChinese = await factory.As("advisor").SendAsync(chinese);

        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var errors = (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["from"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("before the first snapshot", errors.GetProperty("from")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(["from", "level", "to"], (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject()
            .Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["to"], (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.BadRequest, inChinese.StatusCode);
        Assert.Contains("早于第一份快照", await inChinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
