using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Api;

/// <summary>
/// Cluster definitions, location quotients, strong clusters and a cluster's figures through the real service, real
/// PostgreSQL and RabbitMQ, with real tokens. The register is the worked example of docs/statistics-rules.md §4.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClusterRegistryTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private HttpClient counter = null!;
    private IBusControl publisher = null!;
    private readonly List<(Guid Id, string Ward, string Code)> enterprises = [];

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        office = factory.As("sme_office");
        counter = factory.As("counter_staff", ward: "heping");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        publisher = await factory.VirtualHost.StartPublisherAsync();

        // Employment: C34 dadong 300, heping 100, tiexi 600; C36 (auto parts, C3670) dadong 100, heping 300, tiexi 200.
        foreach (var (ward, code, count, each) in new[]
        {
            ("dadong", "C3411", 6, 50), ("dadong", "C3670", 4, 25), ("heping", "C3411", 4, 25), ("heping", "C3670", 5, 60),
            ("tiexi", "C3411", 10, 60), ("tiexi", "C3670", 4, 50),
        })
        {
            await PublishAsync(ward, code, count, each);
        }

        await WaitForTotalAsync(33);
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        counter.Dispose();
        await factory.DisposeAsync();
    }

    private async Task PublishAsync(string ward, string code, int count, int each)
    {
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            enterprises.Add((id, ward, code));
            await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "测试企业", ward, code, each, each * 10_000m, 1m, DateTimeOffset.UtcNow));
        }
    }

    private Task WaitForTotalAsync(int total) =>
        Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts"),
            c => c.TryGetProperty("total", out var t) && t.GetInt32() == total, TimeSpan.FromSeconds(30), $"{total} enterprises counted");

    private static JsonElement Cell(JsonElement cells, string ward, string code) =>
        cells.EnumerateArray().Single(c => c.GetProperty("ward").GetString() == ward && c.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Location_quotients_by_division_and_by_cluster_match_the_worked_example_and_name_what_they_used()
    {
        var byDivision = await office.GetFromJsonAsync<JsonElement>("/api/stats/location-quotients?area=ward&level=division");
        var byCluster = await office.GetFromJsonAsync<JsonElement>("/api/stats/location-quotients?area=ward&level=cluster");
        var forCounter = await counter.GetFromJsonAsync<JsonElement>("/api/stats/location-quotients?area=ward&level=division");

        Assert.Equal("city", byDivision.GetProperty("reference").GetString());
        Assert.Equal("employment", byDivision.GetProperty("measure").GetString());
        Assert.Contains("E(w,i) / E(w)", byDivision.GetProperty("formula").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, byDivision.GetProperty("disclosureRulesVersion").GetInt32());
        var quotients = byDivision.GetProperty("quotients");
        Assert.Equal(1.2m, Cell(quotients, "tiexi", "C34").GetProperty("locationQuotient").GetDecimal());
        Assert.Equal(0.4m, Cell(quotients, "heping", "C34").GetProperty("locationQuotient").GetDecimal());
        Assert.Equal(2m, Cell(quotients, "heping", "C36").GetProperty("locationQuotient").GetDecimal());
        Assert.Equal(quotients.ToString(), forCounter.GetProperty("quotients").ToString());

        var used = byCluster.GetProperty("clusterDefinitions").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "auto-parts");
        Assert.Equal(1, used.GetProperty("version").GetInt32());
        Assert.True(used.GetProperty("preset").GetBoolean());
        Assert.Equal(2m, Cell(byCluster.GetProperty("quotients"), "heping", "auto-parts").GetProperty("locationQuotient").GetDecimal());
    }

    [Fact]
    public async Task Strong_clusters_and_a_clusters_figures_follow_the_US_Cluster_Mapping_rule_with_HHI_within_cluster_and_ward()
    {
        var strong = await counter.GetFromJsonAsync<JsonElement>("/api/stats/strong-clusters");
        var byDivision = await counter.GetFromJsonAsync<JsonElement>("/api/stats/strong-clusters?level=division");
        var figures = await counter.GetFromJsonAsync<JsonElement>("/api/stats/clusters/auto-parts/figures");

        // The general machinery preset (C34) is the C34 column again: strong in dadong and tiexi.
        Assert.Equal(["dadong/general-machinery", "heping/auto-parts", "tiexi/general-machinery"], strong.GetProperty("strong").EnumerateArray()
            .Select(s => $"{s.GetProperty("ward").GetString()}/{s.GetProperty("code").GetString()}").Order(StringComparer.Ordinal));
        Assert.Equal(["dadong/C34", "heping/C36", "tiexi/C34"], byDivision.GetProperty("strong").EnumerateArray()
            .Select(s => $"{s.GetProperty("ward").GetString()}/{s.GetProperty("code").GetString()}").Order(StringComparer.Ordinal));
        var c34 = byDivision.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetProperty("code").GetString() == "C34")
            .GetProperty("column").GetProperty("thresholds");
        Assert.Equal(1.2m, c34.GetProperty("locationQuotientP75").GetDecimal());
        Assert.Equal(200m, c34.GetProperty("employmentP25").GetDecimal());

        Assert.Equal("auto-parts", figures.GetProperty("cluster").GetProperty("id").GetString());
        Assert.Equal(1, figures.GetProperty("cluster").GetProperty("version").GetInt32());
        Assert.Equal(600, figures.GetProperty("city").GetProperty("employment").GetInt64());
        var heping = figures.GetProperty("wards").EnumerateArray().Single(w => w.GetProperty("ward").GetString() == "heping");
        Assert.Equal("strong", heping.GetProperty("tier").GetString());
        Assert.Equal(2000m, heping.GetProperty("hhi").GetDecimal()); // five enterprises of 60: 5 × (1/5)² × 10000
        Assert.Contains("HHI", figures.GetProperty("formulas").GetProperty("hhi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_LQ_computed_from_a_withheld_cell_is_withheld_for_every_role_and_the_firm_list_stays_the_SME_Offices()
    {
        await PublishAsync("heping", "F5120", 2, 10);
        await WaitForTotalAsync(35);

        var forOffice = await office.GetFromJsonAsync<JsonElement>("/api/stats/location-quotients?area=ward&level=division");
        var forCounter = await counter.GetFromJsonAsync<JsonElement>("/api/stats/location-quotients?area=ward&level=division");

        var hepingF51 = Cell(forCounter.GetProperty("quotients"), "heping", "F51");
        Assert.Equal("C", hepingF51.GetProperty("obsStatus").GetString());
        Assert.Equal("C", hepingF51.GetProperty("locationQuotientStatus").GetString());
        Assert.False(hepingF51.TryGetProperty("locationQuotient", out _));
        Assert.False(hepingF51.TryGetProperty("employment", out _));
        Assert.All(forCounter.GetProperty("quotients").EnumerateArray().Where(c => c.GetProperty("obsStatus").GetString() == "C"),
            c => Assert.False(c.TryGetProperty("locationQuotient", out _)));
        Assert.Equal(forOffice.GetProperty("quotients").ToString(), forCounter.GetProperty("quotients").ToString());
    }

    [Fact]
    public async Task A_bad_query_names_every_bad_parameter_at_once()
    {
        using var bad = await counter.GetAsync("/api/stats/location-quotients?area=county&level=sector&asOf=2026-13-01");
        using var noCluster = await counter.GetAsync("/api/stats/clusters/no-such-cluster/figures");
        using var noSnapshot = await counter.GetAsync("/api/stats/strong-clusters?asOf=2026-10-31");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["area", "asOf", "level"], (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject()
            .Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, noCluster.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSnapshot.StatusCode);
    }

    [Fact]
    public async Task The_presets_from_the_sources_are_listed_as_presets_to_check()
    {
        var clusters = await counter.GetFromJsonAsync<JsonElement>("/api/stats/clusters");

        Assert.Equal(["auto-parts", "electronics-information", "environmental-equipment", "general-machinery", "transport-equipment"],
            clusters.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(clusters.EnumerateArray(), c =>
        {
            var version = c.GetProperty("versions")[0];
            Assert.True(version.GetProperty("preset").GetBoolean());
            Assert.StartsWith("002:", version.GetProperty("source").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_SME_Office_defines_a_cluster_and_new_versions_that_never_overlap_and_only_it_sees_the_members()
    {
        var member = enterprises.First(e => e is { Ward: "heping", Code: "C3670" }).Id;
        var body = new Dictionary<string, object?>
        {
            ["id"] = "heping-machinery", ["effectiveFrom"] = "2026-11-01", ["nameZh"] = "和平机械", ["nameEn"] = "Heping machinery",
            ["industryCodes"] = new[] { "C34" }, ["wards"] = new[] { "heping" }, ["members"] = new[] { new { enterpriseId = member, role = "distributor" } },
            ["pattern"] = "market", ["governmentRole"] = "self_development", ["origin"] = "endogenous",
        };

        using var byCounter = await counter.PostAsJsonAsync("/api/stats/clusters", body);
        using var created = await office.PostAsJsonAsync("/api/stats/clusters", body);
        using var again = await office.PostAsJsonAsync("/api/stats/clusters", body);
        using var overlapping = await office.PostAsJsonAsync("/api/stats/clusters", new Dictionary<string, object?>(body) { ["basedOnVersion"] = 1 });
        using var stale = await office.PostAsJsonAsync("/api/stats/clusters", new Dictionary<string, object?>(body) { ["basedOnVersion"] = 7, ["effectiveFrom"] = "2027-01-01" });
        using var second = await office.PostAsJsonAsync("/api/stats/clusters", new Dictionary<string, object?>(body)
        {
            ["basedOnVersion"] = 1, ["effectiveFrom"] = "2027-01-01", ["industryCodes"] = new[] { "C34", "C3670" },
        });

        Assert.Equal(HttpStatusCode.Forbidden, byCounter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.Equal(["effectiveFrom"], (await overlapping.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var forOffice = (await office.GetFromJsonAsync<JsonElement>("/api/stats/clusters")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "heping-machinery");
        var forCounter = (await counter.GetFromJsonAsync<JsonElement>("/api/stats/clusters")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "heping-machinery");
        Assert.Equal(1, forOffice.GetProperty("versionInForce").GetInt32()); // today is 2026-11-15; version 2 starts 2027-01-01
        Assert.Equal("2026-12-31", forOffice.GetProperty("versions")[0].GetProperty("effectiveUntil").GetString());
        Assert.Equal(member, forOffice.GetProperty("versions")[0].GetProperty("members")[0].GetProperty("enterpriseId").GetGuid());
        Assert.False(forCounter.GetProperty("versions")[0].TryGetProperty("members", out _));
        Assert.Equal(1, forCounter.GetProperty("versions")[0].GetProperty("memberCount").GetInt32());

        // In force today: version 1, by code (C34) and by name (one C3670 enterprise of 60 in heping).
        var figures = await counter.GetFromJsonAsync<JsonElement>("/api/stats/clusters/heping-machinery/figures");
        Assert.Equal(1, figures.GetProperty("cluster").GetProperty("version").GetInt32());
        Assert.Equal(160, figures.GetProperty("wards").EnumerateArray().Single(w => w.GetProperty("ward").GetString() == "heping").GetProperty("employment").GetInt64());
        var audit = await office.GetFromJsonAsync<JsonElement>("/api/stats/audit?entityId=heping-machinery/2");
        Assert.Contains("stats.cluster-defined", audit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_cluster_names_every_bad_field_at_once_and_nothing_is_stored()
    {
        using var bad = await office.PostAsJsonAsync("/api/stats/clusters", new
        {
            id = "X", effectiveFrom = "01/01/2027", nameZh = "", industryCodes = new[] { "C99", "Z1" }, wards = new[] { "atlantis" },
            members = new[] { new { enterpriseId = Guid.CreateVersion7(), role = "Seller" } }, pattern = "cloud", governmentRole = "none", origin = "mars",
        });
        var clusters = await office.GetFromJsonAsync<JsonElement>("/api/stats/clusters");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
            ["effectiveFrom", "governmentRole", "id", "industryCodes[0]", "industryCodes[1]", "members[0].enterpriseId", "members[0].role", "nameEn", "nameZh",
                "origin", "pattern", "wards[0]"],
            (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, clusters.GetArrayLength());
    }
}
