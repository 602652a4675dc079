using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;

namespace SmePlatform.ClusterStats.Application.Clusters;

/// <param name="AsOf">yyyy-MM-dd (a monthly snapshot, as REST's asOf) or null for the register now.</param>
/// <param name="AsOfField">The name the caller's contract gives asOf, for the field error.</param>
public sealed record GetEnterpriseClustersRequest(Guid EnterpriseId, string? AsOf, string AsOfField = "asOf");

/// <summary>One cluster the enterprise belongs to: the version used, the cluster's code covering it (null: by name only), its role if named.</summary>
public sealed record EnterpriseMembershipView(ClusterDefinition Cluster, DateOnly? EffectiveUntil, string? ByIndustryCode, MemberRole? Role);

/// <summary>The clusters of one enterprise, with where its ward and code were read and the day whose versions were used.</summary>
public sealed record EnterpriseClustersView(
    Guid EnterpriseId,
    string Ward,
    string IndustryCode,
    bool Active,
    string Source,
    DateOnly? Period,
    DateOnly DefinitionsDay,
    IReadOnlyList<EnterpriseMembershipView> Memberships);

/// <summary>
/// Which clusters an enterprise belongs to (for other services' peer groups): the versions in force on the source's day,
/// applied to the enterprise's code and name as that source holds them. Only its own role is answered, never the other
/// members.
/// </summary>
public sealed class GetEnterpriseClustersHandler(ClusterStore store, SnapshotStore snapshots, TimeProvider clock)
{
    public const string Title = "The enterprise's clusters cannot be given as asked.";

    public async Task<Outcome<EnterpriseClustersView>> HandleAsync(GetEnterpriseClustersRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await FigureSource.ResolveAsync(request.AsOf, Title, snapshots, clock, cancellationToken, request.AsOfField);
        if (source.Refusal is { } bad)
        {
            return bad;
        }

        var from = source.Value;
        if (await store.PlaceAsync(request.EnterpriseId, from.Period, cancellationToken) is not { } place)
        {
            return new Refusal("not-found", RefusalKind.NotFound, Title, from.Period is { } period
                ? $"Enterprise {request.EnterpriseId} was not an active enterprise of the register in the snapshot of {period:yyyy-MM}."
                : $"Enterprise {request.EnterpriseId} is not in the register.");
        }

        var memberships = new List<EnterpriseMembershipView>();
        foreach (var versions in (await store.AllAsync(null, cancellationToken)).GroupBy(v => v.ClusterId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (ClusterDefinition.InForce(versions, from.DefinitionsDay) is { } cluster
                && cluster.MembershipOf(place.EnterpriseId, place.IndustryCode) is { } membership)
            {
                var next = versions.Where(v => v.EffectiveFrom > cluster.EffectiveFrom).MinBy(v => v.EffectiveFrom);
                memberships.Add(new EnterpriseMembershipView(cluster, next?.EffectiveFrom.AddDays(-1), membership.ByIndustryCode, membership.Role));
            }
        }

        return new EnterpriseClustersView(place.EnterpriseId, place.Ward, place.IndustryCode, place.Active, from.Source, from.Period, from.DefinitionsDay,
            memberships);
    }
}
