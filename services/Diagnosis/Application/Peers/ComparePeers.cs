using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Clients;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Peers;

namespace SmePlatform.Diagnosis.Application.Peers;

public sealed record ComparePeersRequest(Guid DiagnosisId);

/// <summary>
/// A peer group tried, in order: "ward" (the same industry division in the same ward), "cluster" (the same division
/// within the enterprise's clusters, from the cluster registry), "city" (the same division city-wide). <c>reason</c>
/// says why a cluster group has no peers to offer: not_in_a_cluster or cluster_registry_unavailable.
/// </summary>
public sealed record PeerGroupView(string Group, int Peers, string? Reason = null);

/// <summary>
/// One indicator against its peers: the quartiles and the position, or withheld (then <c>reason</c>) when fewer than
/// five peers have a value for it, or when the enterprise's own value is undefined (then the quartiles still show).
/// </summary>
public sealed record IndicatorPeersView(string Code, decimal? Value, int PeersWithValue, Quartiles? Quartiles, PeerPosition? Position, decimal? ShareBetterThan,
    string? Reason);

/// <summary>
/// A diagnosis' indicators against the latest diagnoses of local peers in the same industry division. <c>group</c> is the
/// group used (null when withheld); <c>groups</c> every group tried with its count, so a fallback says so.
/// </summary>
public sealed record PeerComparison(Guid DiagnosisId, Guid EnterpriseId, string? Division, string? Group, int Peers, int MinimumPeers,
    IReadOnlyList<PeerGroupView> Groups, string? Reason, IReadOnlyList<IndicatorPeersView> Indicators);

/// <summary>
/// Peer comparison: the first group (ward, cluster, city) with at least <see cref="PeerStatistics.MinimumPeers"/> peers
/// is used, else the comparison is withheld; a cluster registry that cannot answer only takes the cluster group out. Peers' figures never leave as such: only quartiles of five or more values. The read shows the
/// enterprise's own figures, so it is audited as a full read is.
/// </summary>
public sealed class ComparePeersHandler(DiagnosisStore diagnoses, UnitOfWorkFactory units, ClusterRegistryClient clusters)
{
    public const string IndustryUnknown = "industry_division_unknown";
    public const string TooFewPeers = "fewer_than_5_peers";
    public const string TooFewValues = "fewer_than_5_peer_values";
    public const string OwnValueUndefined = "own_value_undefined";
    public const string NotInACluster = "not_in_a_cluster";
    public const string ClusterRegistryUnavailable = "cluster_registry_unavailable";

    public async Task<Outcome<PeerComparison>> HandleAsync(ComparePeersRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await diagnoses.GetAsync(request.DiagnosisId, ct);
        if (record is null || !Access.SeesFull(caller))
        {
            return Refusal.NotFound("No such diagnosis.");
        }

        var view = DiagnosisJson.Read(record.Result);
        await using (var unit = await units.BeginAsync(ct))
        {
            await unit.AuditAsync(new AuditEntry(Actor.From(caller), "diagnosis.peers-read", "diagnosis", record.Id.ToString(), null,
                new { record.EnterpriseId, record.Number }), ct);
            await unit.CommitAsync(ct);
        }

        // GB/T 4754 division: the section letter and two digits ("C34"); a bare section is too wide to call peers.
        var division = record.IndustryCode is { Length: >= 3 } code ? code[..3] : null;
        if (division is null)
        {
            return new PeerComparison(record.Id, record.EnterpriseId, null, null, 0, PeerStatistics.MinimumPeers, [], IndustryUnknown, []);
        }

        var peers = await diagnoses.PeerValuesAsync(division, record.EnterpriseId, ct);
        var wardPeers = peers.Where(p => p.Ward == record.Ward).ToList();
        var (clusterPeers, clusterReason) = await ClusterPeersAsync(record.EnterpriseId, peers, ct);
        var byGroup = new Dictionary<string, IReadOnlyList<PeerValue>> { ["ward"] = wardPeers, ["cluster"] = clusterPeers, ["city"] = peers };
        List<PeerGroupView> groups =
        [
            new("ward", Count(wardPeers)),
            new("cluster", Count(clusterPeers), clusterReason),
            new("city", Count(peers)),
        ];
        var chosen = groups.FirstOrDefault(g => g.Peers >= PeerStatistics.MinimumPeers);
        if (chosen is null)
        {
            return new PeerComparison(record.Id, record.EnterpriseId, division, null, 0, PeerStatistics.MinimumPeers, groups, TooFewPeers, []);
        }

        var values = byGroup[chosen.Group].Where(p => p.Value is not null).ToLookup(p => p.Code, p => p.Value!.Value);
        List<IndicatorPeersView> indicators =
        [
            .. view.Indicators.Select(i =>
            {
                var theirs = values[i.Code].ToList();
                if (theirs.Count < PeerStatistics.MinimumPeers)
                {
                    return new IndicatorPeersView(i.Code, i.Value, theirs.Count, null, null, null, TooFewValues);
                }

                var quartiles = PeerStatistics.QuartilesOf(theirs);
                var lower = PeerStatistics.LowerIsBetter.Contains(i.Code);
                return i.Value is { } own
                    ? new IndicatorPeersView(i.Code, own, theirs.Count, quartiles, PeerStatistics.PositionOf(own, quartiles, lower),
                        PeerStatistics.ShareBetterThan(own, theirs, lower), null)
                    : new IndicatorPeersView(i.Code, null, theirs.Count, quartiles, null, null, OwnValueUndefined);
            }),
        ];
        return new PeerComparison(record.Id, record.EnterpriseId, division, chosen.Group, chosen.Peers, PeerStatistics.MinimumPeers, groups, null, indicators);
    }

    private static int Count(IEnumerable<PeerValue> peers) => peers.Select(p => p.EnterpriseId).Distinct().Count();

    /// <summary>The division's peers within the enterprise's clusters, or none with the reason (not in a cluster, or no answer).</summary>
    private async Task<(IReadOnlyList<PeerValue> Peers, string? Reason)> ClusterPeersAsync(Guid enterpriseId, IReadOnlyList<PeerValue> peers, CancellationToken ct) =>
        await clusters.ClustersOfAsync(enterpriseId, ct) switch
        {
            ClusterAnswer.Found { Clusters.Count: 0 } => ([], NotInACluster),
            ClusterAnswer.Found found => ([.. peers.Where(p => PeerStatistics.InCluster(found.Clusters.SelectMany(c => c.IndustryCodes), p.IndustryCode))], null),
            _ => ([], ClusterRegistryUnavailable),
        };
}
