using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Application.Figures;

/// <param name="Level">cluster (the default), section, division, group or class.</param>
public sealed record GetStrongClustersRequest(string? Level, string? AsOf);

/// <summary>One industry or cluster over the wards: its thresholds and every ward's tier.</summary>
public sealed record StrongClusterColumnView(SpecialisationColumn Column, IReadOnlyList<SpecialisationCell> Wards);

/// <summary>The wards where each industry or cluster is strong, and every ward's tier, with the rule and the versions used.</summary>
public sealed record StrongClustersView(
    string Level,
    string Rule,
    string Formula,
    string Source,
    DateOnly? Period,
    DateTimeOffset? TakenAt,
    int DisclosureRulesVersion,
    IReadOnlyList<ClusterVersionUsed>? ClusterDefinitions,
    IReadOnlyList<SpecialisationCell> Strong,
    IReadOnlyList<StrongClusterColumnView> Columns);

/// <summary>The US Cluster Mapping rule for strong clusters, applied over the wards.</summary>
public sealed class GetStrongClustersHandler(Specialisation specialisation, SnapshotStore snapshots, DisclosureRulesStore disclosureRules, TimeProvider clock)
{
    public const string Title = "The strong clusters cannot be given as asked.";

    public async Task<Outcome<StrongClustersView>> HandleAsync(GetStrongClustersRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var level = request.Level ?? "cluster";
        var errors = new FieldErrors()
            .AddIf(!GetLocationQuotientsHandler.Levels.Contains(level), "level", "level is one of section, division, group, class, cluster.");
        var source = await FigureSource.ResolveAsync(request.AsOf, Title, snapshots, clock, cancellationToken);
        foreach (var (field, messages) in source.Refusal?.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var rules = await disclosureRules.CurrentAsync(cancellationToken);
        var from = source.Value;
        IReadOnlyList<ClusterVersionUsed>? used = null;
        IReadOnlyList<SpecialisationTable> tables;
        if (level == "cluster")
        {
            var byCluster = await specialisation.ByClusterAsync(from, null, rules, cancellationToken);
            used = [.. byCluster.Select(t => Specialisation.Used(t.Cluster))];
            tables = [.. byCluster.Select(t => t.Table)];
        }
        else
        {
            tables = [await specialisation.ByIndustryAsync(from, GetLocationQuotientsHandler.LevelOf(level), rules, cancellationToken)];
        }

        var columns = tables.SelectMany(t => t.Columns.Select(c => new StrongClusterColumnView(c, [.. t.Cells.Where(cell => cell.Code == c.Code)]))).ToArray();
        return new StrongClustersView(level, Formulas.StrongCluster, Formulas.LocationQuotient, from.Source, from.Period, from.TakenAt, rules.Version, used,
            [.. columns.SelectMany(c => c.Wards).Where(c => c.Tier == ClusterTier.Strong)], columns);
    }
}
