using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Application.Figures;

/// <param name="Area">The areas compared: ward (the only grain the register holds below the city).</param>
/// <param name="Level">section, division, group, class, or cluster.</param>
public sealed record GetLocationQuotientsRequest(string? Area, string? Level, string? AsOf);

/// <summary>
/// Location quotients of every ward against the city, with the definitions they used: the formula, the reference area,
/// the disclosure rules version and, by cluster, each cluster's version. Rows are the table's cells (withheld as ADR 0066 says).
/// </summary>
public sealed record LocationQuotientsView(
    string Area,
    string Level,
    string Reference,
    string Measure,
    string Formula,
    string Source,
    DateOnly? Period,
    DateTimeOffset? TakenAt,
    int DisclosureRulesVersion,
    IReadOnlyList<ClusterVersionUsed>? ClusterDefinitions,
    IReadOnlyList<SpecialisationCell> Quotients);

/// <summary>Employment-based location quotients by ward with the city as reference.</summary>
public sealed class GetLocationQuotientsHandler(Specialisation specialisation, SnapshotStore snapshots, DisclosureRulesStore disclosureRules, TimeProvider clock)
{
    public const string Title = "The location quotients cannot be given as asked.";

    public static readonly IReadOnlyList<string> Levels = ["section", "division", "group", "class", "cluster"];

    public async Task<Outcome<LocationQuotientsView>> HandleAsync(GetLocationQuotientsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors()
            .AddIf(request.Area is not "ward", "area", "area is ward: the city is the reference area, and wards are the areas compared.")
            .AddIf(request.Level is null || !Levels.Contains(request.Level), "level", "level is one of section, division, group, class, cluster.");
        var source = await FigureSource.ResolveAsync(request.AsOf, Title, snapshots, clock, cancellationToken);
        if (source.Refusal is { } bad)
        {
            foreach (var (field, messages) in bad.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var rules = await disclosureRules.CurrentAsync(cancellationToken);
        var from = source.Value;
        if (request.Level == "cluster")
        {
            var tables = await specialisation.ByClusterAsync(from, null, rules, cancellationToken);
            return View(request, from, rules.Version, [.. tables.Select(t => Specialisation.Used(t.Cluster))], [.. tables.SelectMany(t => t.Table.Cells)]);
        }

        var table = await specialisation.ByIndustryAsync(from, LevelOf(request.Level!), rules, cancellationToken);
        return View(request, from, rules.Version, null, table.Cells);
    }

    public static IndustryLevel LevelOf(string level) => level switch
    {
        "section" => IndustryLevel.Section,
        "division" => IndustryLevel.Division,
        "group" => IndustryLevel.Group,
        _ => IndustryLevel.Class,
    };

    private static LocationQuotientsView View(GetLocationQuotientsRequest request, FigureSource from, int rulesVersion,
        IReadOnlyList<ClusterVersionUsed>? clusters, IReadOnlyList<SpecialisationCell> cells) =>
        new(request.Area!, request.Level!, "city", "employment", Formulas.LocationQuotient, from.Source, from.Period, from.TakenAt, rulesVersion, clusters, cells);
}
