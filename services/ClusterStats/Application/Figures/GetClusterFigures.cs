using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Application.Figures;

public sealed record GetClusterFiguresRequest(string ClusterId, string? AsOf);

/// <summary>
/// One cluster's figures: city-wide (with its HHI) and by ward (LQ against the city, tier, HHI within the cluster and the
/// ward), the version of the cluster and of the disclosure rules used, and the formulas. <see cref="HomeWards"/> are the
/// wards the definition names (empty: the whole city).
/// </summary>
public sealed record ClusterFiguresView(
    ClusterVersionUsed Cluster,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> HomeWards,
    string Source,
    DateOnly? Period,
    DateTimeOffset? TakenAt,
    int DisclosureRulesVersion,
    string Reference,
    IReadOnlyDictionary<string, string> Formulas,
    SpecialisationColumn City,
    IReadOnlyList<SpecialisationCell> Wards);

public sealed class GetClusterFiguresHandler(Specialisation specialisation, SnapshotStore snapshots, DisclosureRulesStore disclosureRules, TimeProvider clock)
{
    public const string Title = "The cluster's figures cannot be given as asked.";

    public async Task<Outcome<ClusterFiguresView>> HandleAsync(GetClusterFiguresRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await FigureSource.ResolveAsync(request.AsOf, Title, snapshots, clock, cancellationToken);
        if (source.Refusal is { } bad)
        {
            return bad;
        }

        var rules = await disclosureRules.CurrentAsync(cancellationToken);
        var tables = await specialisation.ByClusterAsync(source.Value, request.ClusterId, rules, cancellationToken);
        if (tables.Count == 0)
        {
            return new Refusal("not-found", RefusalKind.NotFound, Title,
                $"No version of cluster {request.ClusterId} is in force on {source.Value.DefinitionsDay:yyyy-MM-dd}.");
        }

        var (cluster, table) = tables[0];
        return new ClusterFiguresView(Specialisation.Used(cluster), cluster.NameZh, cluster.NameEn, cluster.Wards, source.Value.Source, source.Value.Period,
            source.Value.TakenAt, rules.Version, "city",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["locationQuotient"] = Domain.Figures.Formulas.LocationQuotient,
                ["hhi"] = Domain.Figures.Formulas.Hhi,
                ["strongCluster"] = Domain.Figures.Formulas.StrongCluster,
            },
            table.Columns.Single(), table.Cells);
    }
}
