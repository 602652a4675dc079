using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Grpc;

/// <summary>
/// A non-.NET peer (@grpc/grpc-js, tests/Interop.Tests/node/cluster-registry-client.js) loads contracts/protos and calls
/// ClusterStats' gRPC port: an enterprise's clusters (enums by their proto names), the clusters in force, and
/// PERMISSION_DENIED (7) for staff.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GrpcJsClientTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;

    public async Task InitializeAsync() =>
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, grpcPort: true);

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<JsonElement> RunAsync(string role, params string[] arguments)
    {
        var token = TestTokens.Issue(role, subject: role == "service" ? "diagnosis-service" : null);
        var run = await NodeScripts.GrpcJsPeers.RunAsync("cluster-registry-client.js",
            ["--target", $"{factory.GrpcUrl.Host}:{factory.GrpcUrl.Port}", .. arguments, "--token", token], environment: null, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    [Fact]
    public async Task A_grpc_js_client_reads_an_enterprises_clusters_and_the_list_and_staff_are_refused()
    {
        using var office = factory.As("sme_office");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        var publisher = await factory.VirtualHost.StartPublisherAsync();
        var id = Guid.CreateVersion7();
        await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "测试企业", "tiexi", "C3411", 30, 300_000m, 1m, DateTimeOffset.UtcNow));
        await Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts"),
            c => c.GetProperty("cells").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the enterprise counted (its cell, withheld)");
        await publisher.StopAsync();

        var clusters = await RunAsync("service", "--enterprise", id.ToString());
        var list = await RunAsync("service", "--list", "today");
        var refused = await RunAsync("sme_office", "--enterprise", id.ToString());

        Assert.Equal(0, clusters.GetProperty("code").GetInt32());
        var membership = clusters.GetProperty("answer").GetProperty("memberships").EnumerateArray().Single();
        Assert.Equal(("general-machinery", "C34", "MEMBER_ROLE_UNSPECIFIED", "CLUSTER_PATTERN_PRODUCTION"),
            (membership.GetProperty("cluster").GetProperty("id").GetString(), membership.GetProperty("by_industry_code").GetString(),
                membership.GetProperty("member_role").GetString(), membership.GetProperty("cluster").GetProperty("pattern").GetString()));
        Assert.Equal(5, list.GetProperty("answer").GetProperty("clusters").GetArrayLength());
        Assert.Equal(7, refused.GetProperty("code").GetInt32());
    }
}
