extern alias clusterstats;

using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Stats.V1;

namespace SmePlatform.Diagnosis.Tests;

/// <summary>
/// The real ClusterStats service in process (its own database, REST and its HTTP/2 gRPC port) as the cluster registry
/// the peer comparison asks, with its preset clusters (auto parts: C367; general machinery: C34 …). Enterprises reach
/// its register as in production: OneStop's <see cref="EnterpriseRegistered"/> over the real RabbitMQ.
/// </summary>
public sealed class ClusterStatsHost : ServiceUnderTest<clusterstats::Program>
{
    public ClusterStatsHost(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq) => StartWithGrpcPort();

    protected override void ConfigureService(IWebHostBuilder builder) =>
        builder.UseSetting(clusterstats::SmePlatform.ClusterStats.Application.Snapshots.MonthlySnapshotJob.AutomaticKey, "false");

    /// <summary>Registers the enterprises as OneStop would and waits until the registry knows them.</summary>
    public async Task RegisterAsync(params (Guid Id, string Ward, string IndustryCode)[] enterprises)
    {
        using var office = new HttpClient { BaseAddress = RestUrl }.WithToken(TestTokens.Issue("sme_office"));
        await Poll.UntilAsync(async () => (await office.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the cluster registry ready");
        var publisher = await VirtualHost.StartPublisherAsync();
        try
        {
            foreach (var (id, ward, code) in enterprises)
            {
                await publisher.Publish(new EnterpriseRegistered(id, "91210100MA0000001X", "集群同行测试企业", ward, code, 20, 2_000_000m, 1_000_000m,
                    DateTimeOffset.UtcNow));
            }
        }
        finally
        {
            await publisher.StopAsync();
        }

        // Counts of a few firms are withheld (disclosure), so ask the registry itself, as the peer comparison will.
        var registry = new ClusterRegistry.ClusterRegistryClient(GrpcChannels.For(GrpcUrl, TestTokens.Issue("service", subject: "diagnosis-service")));
        foreach (var (id, _, _) in enterprises)
        {
            await Poll.UntilAsync(async () => await Known(registry, id), known => known, TimeSpan.FromSeconds(30), $"enterprise {id} in the registry");
        }
    }

    private static async Task<bool> Known(ClusterRegistry.ClusterRegistryClient registry, Guid id)
    {
        try
        {
            await registry.GetEnterpriseClustersAsync(new GetEnterpriseClustersRequest { EnterpriseId = id.ToString() }, GrpcChannels.Within());
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
