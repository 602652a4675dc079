using Grpc.Core;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Grpc;
using Registry = SmePlatform.Contracts.Stats.V1.ClusterRegistry;

namespace SmePlatform.Diagnosis.Clients;

/// <summary>One cluster the enterprise belongs to, with the industry codes (any GB/T 4754 level) that define its firms.</summary>
public sealed record ClusterScope(string ClusterId, string NameEn, IReadOnlyList<string> IndustryCodes);

/// <summary>What the cluster registry answered about an enterprise: its clusters (none is an answer too), or why there is no answer.</summary>
public abstract record ClusterAnswer
{
    public sealed record Found(IReadOnlyList<ClusterScope> Clusters) : ClusterAnswer;

    /// <summary>The registry could not answer (down, deadline, circuit open, refused this service, no service token): the log says which.</summary>
    public sealed record Unavailable : ClusterAnswer;
}

/// <summary>
/// ClusterStats' smeplatform.stats.v1.ClusterRegistry/GetEnterpriseClusters, called with this service's own identity.
/// An advisor waits on it, so it has a short deadline; any failure is an answer (<see cref="ClusterAnswer.Unavailable"/>)
/// on which the peer comparison falls back to the wider group, never an error of ours.
/// </summary>
public sealed class ClusterRegistryClient(Registry.ClusterRegistryClient client, GrpcCircuit<Registry.ClusterRegistryClient> circuit,
    ILogger<ClusterRegistryClient> logger)
{
    public const string AddressKey = "Services:stats:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5205";

    /// <summary>Within an advisor's wait: the registry answers from memory and its database in a few milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<ClusterAnswer> ClustersOfAsync(Guid enterpriseId, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.GetEnterpriseClustersAsync(new Contracts.Stats.V1.GetEnterpriseClustersRequest { EnterpriseId = enterpriseId.ToString() },
                deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
            return new ClusterAnswer.Found([.. answer.Memberships.Select(m => new ClusterScope(m.Cluster.Id, m.Cluster.NameEn, [.. m.Cluster.IndustryCodes]))]);
        }
        catch (RpcException exception) when (exception.Status.DebugException is ServiceTokenUnavailableException noToken)
        {
            logger.LogWarning("No service token for the cluster registry: {Reason}", noToken.Message);
            return new ClusterAnswer.Unavailable();
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not in the registry's register (yet: it is fed by events): no cluster to compare within.
            if (exception.StatusCode == StatusCode.NotFound)
            {
                return new ClusterAnswer.Found([]);
            }

            logger.LogWarning("The cluster registry answered {Status} ({Detail}); circuit {Circuit}", exception.StatusCode, exception.Status.Detail, circuit.State);
            return new ClusterAnswer.Unavailable();
        }
    }
}

public static class ClusterRegistryRegistration
{
    public static IServiceCollection AddClusterRegistry(this IServiceCollection services)
    {
        services.AddServiceIdentity();
        services.AddPlatformGrpcClient<Registry.ClusterRegistryClient>(Registry.Descriptor, ClusterRegistryClient.AddressKey, ClusterRegistryClient.DefaultAddress,
            (provider, cancellationToken) => provider.GetRequiredService<ServiceTokenProvider>().GetAsync(cancellationToken));
        services.AddSingleton<ClusterRegistryClient>();
        return services;
    }
}
