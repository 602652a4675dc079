using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Stats.V1;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests.Grpc;

/// <summary>
/// smeplatform.stats.v1.ClusterRegistry on the service's gRPC port, against real PostgreSQL and RabbitMQ: only service
/// identities may call it; an enterprise's clusters by code and by name under the versions in force, live or as of a
/// snapshot; the clusters in force on a day; bad and unknown keys answer with their status.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClusterRegistryGrpcTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private ClusterStatsFactory factory = null!;
    private HttpClient office = null!;
    private IBusControl publisher = null!;
    private readonly Guid hepingParts = Guid.CreateVersion7();
    private readonly Guid tiexiMachinery = Guid.CreateVersion7();
    private readonly Guid hepingTrade = Guid.CreateVersion7();
    private readonly Guid otherMember = Guid.CreateVersion7();

    public async Task InitializeAsync()
    {
        factory = new ClusterStatsFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, grpcPort: true);
        office = factory.As("sme_office");
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "ClusterStats ready");
        publisher = await factory.VirtualHost.StartPublisherAsync();
        foreach (var (id, ward, code) in new[]
        {
            (hepingParts, "heping", "C3670"), (tiexiMachinery, "tiexi", "C3411"), (hepingTrade, "heping", "F5120"), (otherMember, "dadong", "F5120"),
        })
        {
            await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "测试企业", ward, code, 20, 200_000m, 1m, DateTimeOffset.UtcNow));
        }

        await Poll.UntilAsync(() => office.GetFromJsonAsync<JsonElement>("/api/stats/enterprise-counts"),
            c => c.TryGetProperty("total", out var t) && t.GetInt32() == 4, TimeSpan.FromSeconds(30), "4 enterprises counted");
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        office.Dispose();
        await factory.DisposeAsync();
    }

    private ClusterRegistry.ClusterRegistryClient Client(string? role, string? ward = null) =>
        new(GrpcChannels.For(factory.GrpcUrl, role is null ? null : TestTokens.Issue(role, ward: ward, subject: role == "service" ? "matching-service" : null)));

    private Task<EnterpriseClusters> ClustersOfAsync(Guid id, string asOf = "") =>
        Client("service").GetEnterpriseClustersAsync(new GetEnterpriseClustersRequest { EnterpriseId = id.ToString(), AsOf = asOf }, GrpcChannels.Within())
            .ResponseAsync;

    [Fact]
    public async Task A_service_reads_an_enterprises_clusters_by_code_and_by_name_with_its_own_role_only()
    {
        var parts = await ClustersOfAsync(hepingParts);
        var trade = await ClustersOfAsync(hepingTrade);

        var membership = Assert.Single(parts.Memberships);
        Assert.Equal(("auto-parts", 1, "C367", MemberRole.Unspecified), (membership.Cluster.Id, membership.Cluster.Version, membership.ByIndustryCode, membership.MemberRole));
        Assert.Equal((ClusterPattern.ProductionChain, GovernmentRole.Cultivation, ClusterOrigin.Endogenous, true),
            (membership.Cluster.Pattern, membership.Cluster.GovernmentRole, membership.Cluster.Origin, membership.Cluster.Preset));
        Assert.Equal(("heping", "C3670", true, "live", "", "2026-11-15"), (parts.Ward, parts.IndustryCode, parts.Active, parts.Source, parts.Period, parts.DefinitionsDay));
        Assert.Empty(trade.Memberships);

        // A local cluster naming the trading firm (and another) as members: the firm gets its own role, not the other member.
        using var defined = await office.PostAsJsonAsync("/api/stats/clusters", new
        {
            id = "heping-trade", effectiveFrom = "2026-11-01", nameZh = "和平商贸", nameEn = "Heping trade", industryCodes = new[] { "C367" },
            wards = new[] { "heping" }, pattern = "market", governmentRole = "self_development", origin = "endogenous",
            members = new[] { new { enterpriseId = hepingTrade, role = "distributor" }, new { enterpriseId = otherMember, role = "transport" } },
        });
        Assert.Equal(HttpStatusCode.OK, defined.StatusCode);

        var named = Assert.Single((await ClustersOfAsync(hepingTrade)).Memberships);
        Assert.Equal(("heping-trade", "", MemberRole.Distributor, 2), (named.Cluster.Id, named.ByIndustryCode, named.MemberRole, named.Cluster.MemberCount));
        Assert.DoesNotContain(otherMember.ToString(), named.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["auto-parts", "heping-trade"], (await ClustersOfAsync(hepingParts)).Memberships.Select(m => m.Cluster.Id));
    }

    [Fact]
    public async Task As_of_a_day_reads_the_snapshot_and_the_versions_in_force_then()
    {
        var noSnapshotYet = await Assert.ThrowsAsync<RpcException>(() => ClustersOfAsync(hepingParts, "2026-11-20"));
        Assert.Equal(StatusCode.InvalidArgument, noSnapshotYet.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsync("/api/stats/snapshots", null)).StatusCode); // the snapshot of October, taken now
        using var defined = await office.PostAsJsonAsync("/api/stats/clusters", new
        {
            id = "heping-parts", effectiveFrom = "2026-11-01", nameZh = "和平汽配", nameEn = "Heping parts", industryCodes = new[] { "C3670" },
            wards = new[] { "heping" }, pattern = "production", governmentRole = "combination", origin = "exogenous",
        });
        Assert.Equal(HttpStatusCode.OK, defined.StatusCode);

        var asOf = await ClustersOfAsync(hepingParts, "2026-11-20");
        var live = await ClustersOfAsync(hepingParts);

        Assert.Equal(("snapshot", "2026-10", "2026-10-31"), (asOf.Source, asOf.Period, asOf.DefinitionsDay));
        Assert.Equal(["auto-parts"], asOf.Memberships.Select(m => m.Cluster.Id)); // heping-parts starts in November
        Assert.Equal(["auto-parts", "heping-parts"], live.Memberships.Select(m => m.Cluster.Id));
        Assert.Equal("C3670", live.Memberships[1].ByIndustryCode);
    }

    [Fact]
    public async Task A_day_before_the_first_snapshot_a_bad_key_and_an_unknown_enterprise_answer_with_their_status()
    {
        var early = await Assert.ThrowsAsync<RpcException>(() => ClustersOfAsync(hepingParts, "2026-01-31"));
        var badDay = await Assert.ThrowsAsync<RpcException>(() => ClustersOfAsync(hepingParts, "31/01/2026"));
        var badId = await Assert.ThrowsAsync<RpcException>(() => Client("service")
            .GetEnterpriseClustersAsync(new GetEnterpriseClustersRequest { EnterpriseId = "not-a-uuid" }, GrpcChannels.Within()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ClustersOfAsync(Guid.CreateVersion7()));
        var badList = await Assert.ThrowsAsync<RpcException>(() => Client("service")
            .ListClustersAsync(new ListClustersRequest { InForceOn = "tomorrow" }, GrpcChannels.Within()).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "as_of"), (early.StatusCode, Assert.Single(early.GetBadRequest()!.FieldViolations).Field));
        Assert.Contains("No monthly snapshot", early.GetBadRequest()!.FieldViolations[0].Description, StringComparison.Ordinal);
        Assert.Equal((StatusCode.InvalidArgument, "as_of"), (badDay.StatusCode, Assert.Single(badDay.GetBadRequest()!.FieldViolations).Field));
        Assert.Equal((StatusCode.InvalidArgument, "enterprise_id"), (badId.StatusCode, Assert.Single(badId.GetBadRequest()!.FieldViolations).Field));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal((StatusCode.InvalidArgument, "in_force_on"), (badList.StatusCode, Assert.Single(badList.GetBadRequest()!.FieldViolations).Field));
    }

    [Fact]
    public async Task The_clusters_in_force_on_a_day_are_listed_without_naming_members()
    {
        using var defined = await office.PostAsJsonAsync("/api/stats/clusters", new
        {
            id = "future-cluster", effectiveFrom = "2027-01-01", nameZh = "未来", nameEn = "Future", industryCodes = new[] { "C34" }, wards = Array.Empty<string>(),
            pattern = "production", governmentRole = "cultivation", origin = "endogenous", members = new[] { new { enterpriseId = tiexiMachinery, role = "producer" } },
        });
        Assert.Equal(HttpStatusCode.OK, defined.StatusCode);

        var today = await Client("service").ListClustersAsync(new ListClustersRequest(), GrpcChannels.Within());
        var next = await Client("service").ListClustersAsync(new ListClustersRequest { InForceOn = "2027-01-01" }, GrpcChannels.Within());

        Assert.Equal("2026-11-15", today.InForceOn);
        Assert.Equal(["auto-parts", "electronics-information", "environmental-equipment", "general-machinery", "transport-equipment"],
            today.Clusters.Select(c => c.Id));
        var future = next.Clusters.Single(c => c.Id == "future-cluster");
        Assert.Equal(("2027-01-01", "", 1), (future.EffectiveFrom, future.EffectiveUntil, future.MemberCount));
        Assert.Equal(["C34"], future.IndustryCodes);
        Assert.DoesNotContain(tiexiMachinery.ToString(), next.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sme_office")]
    [InlineData("advisor")]
    [InlineData("intermediary")]
    [InlineData("counter_staff")]
    [InlineData("bank")]
    [InlineData(null)]
    public async Task Only_service_identities_may_call(string? role)
    {
        var client = Client(role, ward: role == "counter_staff" ? "heping" : null);

        var clusters = await Assert.ThrowsAsync<RpcException>(() => client
            .GetEnterpriseClustersAsync(new GetEnterpriseClustersRequest { EnterpriseId = hepingParts.ToString() }, GrpcChannels.Within()).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListClustersAsync(new ListClustersRequest(), GrpcChannels.Within()).ResponseAsync);

        var expected = role is null ? StatusCode.Unauthenticated : StatusCode.PermissionDenied;
        Assert.Equal((expected, expected), (clusters.StatusCode, list.StatusCode));
        Assert.DoesNotContain("auto-parts", clusters.Status.Detail + list.Status.Detail, StringComparison.Ordinal);
    }
}
