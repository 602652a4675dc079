using System.Globalization;
using Grpc.Core;
using SmePlatform.ClusterStats.Application.Clusters;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.Contracts.Stats.V1;
using SmePlatform.ServiceDefaults.Grpc;
using Definitions = SmePlatform.ClusterStats.Domain.Clusters;

namespace SmePlatform.ClusterStats.Grpc;

/// <summary>
/// smeplatform.stats.v1.ClusterRegistry: the clusters an enterprise belongs to and the clusters in force, for other
/// services, through the same use cases and definitions as /api/stats/clusters (who may call it: ClusterStatsModule).
/// </summary>
public sealed class ClusterRegistryService(GetEnterpriseClustersHandler enterpriseClusters, ListClustersHandler clusters, TimeProvider clock)
    : ClusterRegistry.ClusterRegistryBase
{
    public override async Task<EnterpriseClusters> GetEnterpriseClusters(Contracts.Stats.V1.GetEnterpriseClustersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!Guid.TryParse(request.EnterpriseId, out var enterpriseId))
        {
            throw GrpcErrors.InvalidArgument("enterprise_id", "The enterprise's register id (a UUID).");
        }

        var outcome = await enterpriseClusters.HandleAsync(
            new Application.Clusters.GetEnterpriseClustersRequest(enterpriseId, request.AsOf is "" ? null : request.AsOf, "as_of"), context.CancellationToken);
        return outcome.Match(ToMessage, refusal => throw refusal.ToRpcException());
    }

    public override async Task<ClusterList> ListClusters(ListClustersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var day = SnapshotPeriods.Today(clock.GetUtcNow());
        if (request.InForceOn is not "" && !DateOnly.TryParseExact(request.InForceOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            throw GrpcErrors.InvalidArgument("in_force_on", "in_force_on is a day, yyyy-MM-dd (e.g. 2026-06-30), or empty for today.");
        }

        var list = new ClusterList { InForceOn = Day(day) };
        foreach (var cluster in (await clusters.HandleAsync(context.GetHttpContext().User, context.CancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (cluster.VersionOn(day) is { } v)
            {
                list.Clusters.Add(ToMessage(cluster.Id, v.Version, v.EffectiveFrom, v.EffectiveUntil, v.NameZh, v.NameEn, v.IndustryCodes, v.Wards, v.Pattern,
                    v.GovernmentRole, v.Origin, v.Preset, v.MemberCount));
            }
        }

        return list;
    }

    public static EnterpriseClusters ToMessage(EnterpriseClustersView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var message = new EnterpriseClusters
        {
            EnterpriseId = view.EnterpriseId.ToString(),
            Ward = view.Ward,
            IndustryCode = view.IndustryCode,
            Active = view.Active,
            Source = view.Source,
            Period = view.Period?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "",
            DefinitionsDay = Day(view.DefinitionsDay),
        };
        message.Memberships.Add(view.Memberships.Select(m => new ClusterMembership
        {
            Cluster = ToMessage(m.Cluster.ClusterId, m.Cluster.Version, m.Cluster.EffectiveFrom, m.EffectiveUntil, m.Cluster.NameZh, m.Cluster.NameEn,
                m.Cluster.IndustryCodes, m.Cluster.Wards, m.Cluster.Pattern, m.Cluster.GovernmentRole, m.Cluster.Origin, m.Cluster.Preset, m.Cluster.Members.Count),
            ByIndustryCode = m.ByIndustryCode ?? "",
            MemberRole = m.Role is { } role ? Proto<MemberRole>(role) : MemberRole.Unspecified,
        }));
        return message;
    }

    private static Cluster ToMessage(string id, int version, DateOnly from, DateOnly? until, string nameZh, string nameEn, IEnumerable<string> codes,
        IEnumerable<string> wards, Definitions.ClusterPattern pattern, Definitions.GovernmentRole governmentRole, Definitions.ClusterOrigin origin, bool preset, int members)
    {
        var cluster = new Cluster
        {
            Id = id,
            Version = version,
            EffectiveFrom = Day(from),
            EffectiveUntil = until is { } u ? Day(u) : "",
            NameZh = nameZh,
            NameEn = nameEn,
            Pattern = Proto<ClusterPattern>(pattern),
            GovernmentRole = Proto<GovernmentRole>(governmentRole),
            Origin = Proto<ClusterOrigin>(origin),
            Preset = preset,
            MemberCount = members,
        };
        cluster.IndustryCodes.Add(codes);
        cluster.Wards.Add(wards);
        return cluster;
    }

    /// <summary>The contract's value of a domain enum: protoc names them alike (PRODUCTION_CHAIN is ProductionChain).</summary>
    private static T Proto<T>(Enum value)
        where T : struct, Enum => Enum.Parse<T>(value.ToString());

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
