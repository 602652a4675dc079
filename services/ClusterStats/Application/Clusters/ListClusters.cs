using System.Security.Claims;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ClusterStats.Application.Clusters;

/// <summary>Every cluster with all its versions; member enterprises only for the SME Office.</summary>
public sealed class ListClustersHandler(ClusterStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<ClusterView>> HandleAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = SnapshotPeriods.Today(clock.GetUtcNow());
        var withMembers = caller.IsInRole(Roles.SmeOffice);
        return [.. (await store.AllAsync(null, cancellationToken)).GroupBy(v => v.ClusterId).Select(g => ClusterView.From([.. g], today, withMembers))];
    }
}
