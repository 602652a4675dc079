using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Domain.Figures;

/// <summary>A cell's measures at one end of a period.</summary>
public sealed record GrowthMeasures(int Enterprises, long Employment, decimal Revenue);

/// <summary>
/// One ward (or the city, <see cref="GrowthTable.Total"/>) in one code or cluster (or all of them, <see cref="GrowthTable.Total"/>)
/// between two dates: the measures at both ends, the compound annual growth rate of each, and job creation (the absolute
/// change in employment). Everything is null and <see cref="ObsStatus"/> C when either end's cell is withheld.
/// </summary>
public sealed record GrowthCell(
    string Ward,
    string Code,
    GrowthMeasures? Start,
    GrowthMeasures? End,
    decimal? EnterprisesCagr,
    decimal? EmploymentCagr,
    decimal? RevenueCagr,
    long? JobCreation,
    ObsStatus ObsStatus);

/// <summary>
/// Growth between two dates as the US Cluster Mapping Project computes it (docs/statistics-rules.md, "Growth"), under
/// disclosure control (ADR 0067): each date's table is protected on its own as every table is, and a growth figure is
/// published only when the cell is published at both dates (a growth rate and one end give the other end back).
/// </summary>
public static class GrowthTable
{
    /// <summary>The SDMX code of a total: the city as a ward, every code as a code.</summary>
    public const string Total = "_T";

    public const string CagrFormula = "CAGR = (end / start)^(1 / years) − 1; undefined when start is 0; years = whole months between the two snapshots / 12";

    public const string JobCreationFormula = "job creation = employment(end) − employment(start)";

    /// <summary>
    /// The compound annual growth rate from <paramref name="start"/> to <paramref name="end"/> over <paramref name="years"/>,
    /// rounded to 6 decimals (0.05 is 5 % a year); null (undefined) when the start is 0 or the span is not positive.
    /// </summary>
    public static decimal? Cagr(decimal start, decimal end, decimal years)
    {
        if (start <= 0 || end < 0 || years <= 0)
        {
            return null;
        }

        // A power of a ratio: double is exact enough for a rate published to 6 decimals.
        var rate = Math.Pow((double)(end / start), 1d / (double)years) - 1d;
        return decimal.Round((decimal)rate, 6, MidpointRounding.ToEven);
    }

    /// <summary>
    /// Growth of every cell and margin of a wards × codes table between <paramref name="start"/> and <paramref name="end"/>
    /// (the same wards and codes at both dates; an absent cell is empty). <paramref name="reported"/>: the codes to report
    /// (null: all); ward totals (code <see cref="Total"/>) are always reported.
    /// </summary>
    public static IReadOnlyList<GrowthCell> Compute(IReadOnlyList<string> wards, IReadOnlyList<string> codes, CellContent[,] start, CellContent[,] end,
        DisclosureRules rules, decimal years, IReadOnlySet<string>? reported = null)
    {
        ArgumentNullException.ThrowIfNull(wards);
        ArgumentNullException.ThrowIfNull(codes);
        var before = DisclosureControl.Protect(start, rules);
        var after = DisclosureControl.Protect(end, rules);
        var cells = new List<GrowthCell>();
        for (var c = 0; c <= codes.Count; c++)
        {
            var code = c < codes.Count ? codes[c] : Total;
            if (reported is not null && c < codes.Count && !reported.Contains(code))
            {
                continue;
            }

            for (var r = 0; r <= wards.Count; r++)
            {
                var ward = r < wards.Count ? wards[r] : Total;
                cells.Add(before.IsWithheld(r, c) || after.IsWithheld(r, c)
                    ? new GrowthCell(ward, code, null, null, null, null, null, null, ObsStatus.C)
                    : Of(ward, code, before.Content(r, c), after.Content(r, c), years));
            }
        }

        return cells;
    }

    private static GrowthCell Of(string ward, string code, CellContent start, CellContent end, decimal years) =>
        new(ward, code, new GrowthMeasures(start.Enterprises, start.Employment, start.Revenue), new GrowthMeasures(end.Enterprises, end.Employment, end.Revenue),
            Cagr(start.Enterprises, end.Enterprises, years), Cagr(start.Employment, end.Employment, years), Cagr(start.Revenue, end.Revenue, years),
            end.Employment - start.Employment, ObsStatus.A);
}
