using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Application.Figures;

/// <param name="From">The start day (yyyy-MM-dd): the monthly snapshot it reads, as asOf does.</param>
/// <param name="To">The end day, a later month's snapshot.</param>
/// <param name="Level">cluster (the default), section, division, group or class.</param>
public sealed record GetGrowthRequest(string? From, string? To, string? Level);

/// <summary>One end of the period: the snapshot read and the day it describes.</summary>
public sealed record GrowthEnd(DateOnly Period, DateOnly Day, DateTimeOffset TakenAt);

/// <summary>
/// Growth by ward and code or cluster between two snapshots, with the formulas, the reference area (wards and the city,
/// <c>_T</c>), the disclosure rules version and, by cluster, the version applied at both ends (the one in force on the end day).
/// </summary>
public sealed record GrowthView(
    string Level,
    GrowthEnd From,
    GrowthEnd To,
    decimal Years,
    string Reference,
    IReadOnlyDictionary<string, string> Formulas,
    int DisclosureRulesVersion,
    IReadOnlyList<ClusterVersionUsed>? ClusterDefinitions,
    IReadOnlyList<GrowthCell> Cells);

/// <summary>Compound annual growth and job creation between two monthly snapshots (US Cluster Mapping definitions).</summary>
public sealed class GetGrowthHandler(SpecialisationStore store, ClusterStore clusters, SnapshotStore snapshots, DisclosureRulesStore disclosureRules,
    TimeProvider clock)
{
    public const string Title = "The growth cannot be given as asked.";

    public async Task<Outcome<GrowthView>> HandleAsync(GetGrowthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var level = request.Level ?? "cluster";
        var errors = new FieldErrors()
            .AddIf(!GetLocationQuotientsHandler.Levels.Contains(level), "level", "level is one of section, division, group, class, cluster.")
            .AddIf(request.From is null, "from", "from is required: the start day, yyyy-MM-dd (its monthly snapshot is read).")
            .AddIf(request.To is null, "to", "to is required: the end day, yyyy-MM-dd (its monthly snapshot is read).");
        FigureSource? start = null, end = null;
        if (request.From is not null)
        {
            (start, errors) = Collect(await FigureSource.ResolveAsync(request.From, Title, snapshots, clock, cancellationToken, "from"), errors);
        }

        if (request.To is not null)
        {
            (end, errors) = Collect(await FigureSource.ResolveAsync(request.To, Title, snapshots, clock, cancellationToken, "to"), errors);
        }

        errors.AddIf(start is not null && end is not null && end.Period <= start.Period, "to",
            "to must read a later monthly snapshot than from: growth needs two different months.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var rules = await disclosureRules.CurrentAsync(cancellationToken);
        // Both resolved to snapshots (no errors): each has a period.
        var (startMonth, endMonth) = (start!.Period!.Value, end!.Period!.Value);
        var months = (endMonth.Year - startMonth.Year) * 12 + endMonth.Month - startMonth.Month;
        var years = months / 12m;
        IReadOnlyList<ClusterVersionUsed>? used = null;
        List<GrowthCell> cells;
        if (level == "cluster")
        {
            // One definition for both ends (the one in force on the end day): growth then measures the enterprises, not a redefinition.
            var inForce = (await clusters.AllAsync(null, cancellationToken)).GroupBy(v => v.ClusterId)
                .Select(g => ClusterDefinition.InForce(g, end.DefinitionsDay)).OfType<ClusterDefinition>().OrderBy(c => c.ClusterId, StringComparer.Ordinal).ToArray();
            used = [.. inForce.Select(Specialisation.Used)];
            cells = [];
            foreach (var cluster in inForce)
            {
                cells.AddRange(Compute(await store.ByClusterAsync(start.Period, cluster, cancellationToken), await store.ByClusterAsync(end.Period, cluster, cancellationToken),
                    rules, years, new HashSet<string>(StringComparer.Ordinal) { cluster.ClusterId }, cluster.ClusterId));
            }

            // The ward totals are the same in every cluster's table; one withheld in any of them is withheld (else the tables could be differenced).
            cells = [.. cells.Where(c => c.Code != GrowthTable.Total), .. cells.Where(c => c.Code == GrowthTable.Total).GroupBy(c => c.Ward)
                .Select(g => g.FirstOrDefault(c => c.ObsStatus == ObsStatus.C) ?? g.First())];
        }
        else
        {
            var industry = GetLocationQuotientsHandler.LevelOf(level);
            cells = [.. Compute(await store.ByIndustryAsync(start.Period, industry, cancellationToken), await store.ByIndustryAsync(end.Period, industry, cancellationToken),
                rules, years, null, null)];
        }

        return new GrowthView(level, new GrowthEnd(startMonth, start.DefinitionsDay, start.TakenAt!.Value),
            new GrowthEnd(endMonth, end.DefinitionsDay, end.TakenAt!.Value), years, "ward; _T is the city",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["cagr"] = GrowthTable.CagrFormula, ["jobCreation"] = GrowthTable.JobCreationFormula },
            rules.Version, used, cells);
    }

    private static (FigureSource? Source, FieldErrors Errors) Collect(Outcome<FigureSource> outcome, FieldErrors errors)
    {
        foreach (var (field, messages) in outcome.Refusal?.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }

        return (outcome.Refusal is null ? outcome.Value : null, errors);
    }

    /// <param name="column">A column that must exist even when no enterprise is in it (a cluster with no member yet).</param>
    private static IReadOnlyList<GrowthCell> Compute(IReadOnlyList<SpecialisationSource> start, IReadOnlyList<SpecialisationSource> end, DisclosureRules rules,
        decimal years, IReadOnlySet<string>? reported, string? column)
    {
        var wards = start.Concat(end).Select(s => s.Ward).Distinct().Order(StringComparer.Ordinal).ToArray();
        var codes = start.Concat(end).Select(s => s.Code).Append(column).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        return GrowthTable.Compute(wards, codes, Grid(start, wards, codes), Grid(end, wards, codes), rules, years, reported);
    }

    private static CellContent[,] Grid(IReadOnlyList<SpecialisationSource> sources, string[] wards, string[] codes)
    {
        var grid = new CellContent[wards.Length, codes.Length];
        foreach (var s in sources)
        {
            grid[Array.IndexOf(wards, s.Ward), Array.IndexOf(codes, s.Code)] = s.Content;
        }

        return grid;
    }
}
