using System.Text.Json;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Peers;

/// <summary>
/// The cluster peer group against the real cluster registry (ClusterStats in process, its preset "auto parts" cluster
/// of C367, its own database, called over gRPC with this service's identity): used when the ward has too few peers,
/// and passed over, saying why, when the enterprise is in no cluster or the registry does not answer.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClusterPeerTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private ServiceTokens tokens = null!;
    private ClusterStatsHost registry = null!;
    private bool registryStopped;

    protected override async Task<IReadOnlyDictionary<string, string>?> SettingsAsync(InfrastructureFixture infrastructure)
    {
        tokens = await ServiceTokens.StartAsync();
        tokens.Subject = "diagnosis-service";
        registry = new ClusterStatsHost(await infrastructure.Postgres.CreateDatabaseAsync(), infrastructure.RabbitMq);
        return new Dictionary<string, string>
        {
            [Clients.ClusterRegistryClient.AddressKey] = registry.GrpcUrl.ToString(),
            ["ServiceIdentity:TokenEndpoint"] = tokens.TokenEndpoint.ToString(),
            ["ServiceIdentity:ClientId"] = "diagnosis-service",
            ["ServiceIdentity:ClientSecret"] = "test-secret",
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (!registryStopped)
        {
            await registry.DisposeAsync();
        }

        await tokens.DisposeAsync();
    }

    private static IEnumerable<(string? Group, int Peers, string? Reason)> Groups(JsonElement comparison) =>
        comparison.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("group").GetString(), g.GetProperty("peers").GetInt32(),
            g.TryGetProperty("reason", out var reason) ? reason.GetString() : null));

    [Fact]
    public async Task Too_few_peers_in_the_ward_uses_the_cluster_and_without_a_cluster_or_a_registry_the_city_and_says_why()
    {
        var subjectId = Guid.CreateVersion7();
        var outsiderId = Guid.CreateVersion7();
        await registry.RegisterAsync((subjectId, "heping", "C3670"));
        var subject = await QuickAsync("heping", "C3670", 300_000m, subjectId);
        await QuickAsync("heping", "C3610", 250_000m); // the ward's only peer: same division, not auto parts
        foreach (var (ward, code, profit) in new[]
                 {
                     ("tiexi", "C3670", 100_000m), ("tiexi", "C3670", 200_000m), ("dadong", "C3670", 400_000m), ("dadong", "C3670", 500_000m),
                     ("shenhe", "C3670", 600_000m),
                 })
        {
            await QuickAsync(ward, code, profit);
        }

        await QuickAsync("tiexi", "C3610", 700_000m); // the division city-wide, outside the cluster
        await QuickAsync("tiexi", "C3411", 900_000m); // another division: no peer at all

        var (_, comparison) = await GetAsync(Advisor, $"/diagnoses/{subject}/peers");
        Assert.Equal("cluster", comparison.GetProperty("group").GetString());
        Assert.Equal(5, comparison.GetProperty("peers").GetInt32());
        Assert.Equal([("ward", 1, null), ("cluster", 5, null), ("city", 7, null)], Groups(comparison));
        var margin = comparison.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "operating_margin");
        Assert.Equal(0.04m, margin.GetProperty("quartiles").GetProperty("median").GetDecimal());

        // Not in the registry's register: no cluster to compare within, so the city.
        var outsider = await QuickAsync("heping", "C3670", 300_000m, outsiderId);
        var (_, withoutCluster) = await GetAsync(Advisor, $"/diagnoses/{outsider}/peers");
        Assert.Equal("city", withoutCluster.GetProperty("group").GetString());
        Assert.Equal([("ward", 2, null), ("cluster", 0, "not_in_a_cluster"), ("city", 8, null)], Groups(withoutCluster));

        // The registry gone: the comparison still answers, from the wider group, and says why.
        await registry.DisposeAsync();
        registryStopped = true;
        var (response, fallback) = await GetAsync(Advisor, $"/diagnoses/{subject}/peers");
        Assert.True(response.IsSuccessStatusCode, fallback.ToString());
        Assert.Equal("city", fallback.GetProperty("group").GetString());
        Assert.Equal([("ward", 2, null), ("cluster", 0, "cluster_registry_unavailable"), ("city", 8, null)], Groups(fallback));
    }
}
