using System.Net;
using System.Text.Json;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Peers;

/// <summary>Peer comparison through the API on real PostgreSQL: withheld under five peers, the ward first, the city as the wider group, who may read it.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class PeerComparisonTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private static JsonElement Indicator(JsonElement comparison, string code) =>
        comparison.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Under_five_peers_nothing_is_shown_and_from_five_the_ward_s_quartiles_and_the_position_are()
    {
        var subject = await QuickAsync("tiexi", "C3411", 800_000m);
        foreach (var profit in new[] { 100_000m, 200_000m, 300_000m, 400_000m })
        {
            await QuickAsync("tiexi", "C3420", profit);
        }

        await QuickAsync("tiexi", "C3511", 50_000m); // another division: not a peer
        var (response, withheld) = await GetAsync(Advisor, $"/diagnoses/{subject}/peers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fewer_than_5_peers", withheld.GetProperty("reason").GetString());
        Assert.Equal(0, withheld.GetProperty("indicators").GetArrayLength());
        Assert.Equal([4, 0, 4], withheld.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("peers").GetInt32()));

        await QuickAsync("tiexi", "C3430", 500_000m);
        var (_, shown) = await GetAsync(Advisor, $"/diagnoses/{subject}/peers");
        Assert.Equal("ward", shown.GetProperty("group").GetString());
        Assert.Equal(5, shown.GetProperty("peers").GetInt32());
        var margin = Indicator(shown, "operating_margin");
        Assert.Equal(0.03m, margin.GetProperty("quartiles").GetProperty("median").GetDecimal());
        Assert.Equal("top_quartile", margin.GetProperty("position").GetString());
        Assert.Equal(1m, margin.GetProperty("shareBetterThan").GetDecimal());
        // No peer's own figure is in the answer: only the quartiles and counts.
        Assert.DoesNotContain("0.01", margin.GetProperty("quartiles").ToString(), StringComparison.Ordinal);
        // Nobody has a previous year here, so sales growth has no peer values to compare with.
        Assert.Equal("fewer_than_5_peer_values", Indicator(shown, "sales_growth").GetProperty("reason").GetString());
        Assert.False(Indicator(shown, "sales_growth").TryGetProperty("quartiles", out _));
    }

    [Fact]
    public async Task Too_few_peers_in_the_ward_falls_back_to_the_city_and_says_so_and_counter_staff_and_banks_are_refused()
    {
        var subject = await QuickAsync("heping", "C3411", 300_000m);
        await QuickAsync("heping", "C3412", 250_000m);
        foreach (var profit in new[] { 100_000m, 200_000m, 400_000m, 500_000m })
        {
            await QuickAsync("tiexi", "C3420", profit);
        }

        var (_, comparison) = await GetAsync(Advisor, $"/diagnoses/{subject}/peers");
        Assert.Equal("city", comparison.GetProperty("group").GetString());
        // No cluster registry runs here: the cluster group says so and is passed over.
        Assert.Equal("cluster_registry_unavailable", comparison.GetProperty("groups")[1].GetProperty("reason").GetString());
        Assert.Equal([1, 0, 5], comparison.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("peers").GetInt32()));
        Assert.Equal("second_quartile", Indicator(comparison, "operating_margin").GetProperty("position").GetString());
        using var office = Factory.As("sme_office");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(office, $"/diagnoses/{subject}/peers")).Response.StatusCode);
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'diagnosis.peers-read'"));

        foreach (var (role, ward) in new[] { ("counter_staff", "heping"), ("bank", (string?)null), ("examiner", null), ("intermediary", null) })
        {
            using var other = Factory.As(role, ward: ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, $"/diagnoses/{subject}/peers")).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(Advisor, $"/diagnoses/{Guid.CreateVersion7()}/peers")).Response.StatusCode);
    }
}
