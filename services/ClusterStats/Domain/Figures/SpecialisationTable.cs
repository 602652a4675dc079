using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Domain.Figures;

/// <summary>
/// One ward in one industry or cluster after disclosure control. <see cref="ObsStatus"/> is that of the cell's values
/// (enterprises, employment, revenue, HHI); <see cref="LocationQuotientStatus"/> that of the LQ and tier, which are
/// withheld also when a total they are computed from is. Withheld values are null.
/// </summary>
public sealed record SpecialisationCell(
    string Ward,
    string Code,
    int? Enterprises,
    long? Employment,
    decimal? Revenue,
    decimal? Hhi,
    ObsStatus ObsStatus,
    decimal? LocationQuotient,
    ClusterTier? Tier,
    ObsStatus LocationQuotientStatus);

/// <summary>One industry or cluster over the whole city, with the strong-cluster thresholds over the wards (null when withheld).</summary>
public sealed record SpecialisationColumn(string Code, int? Enterprises, long? Employment, decimal? Revenue, decimal? Hhi, ObsStatus ObsStatus,
    StrongClusterThresholds? Thresholds, ObsStatus ThresholdsStatus);

/// <summary>
/// Location quotients, strong-cluster tiers and concentration of a wards × codes table, under disclosure control
/// (ADR 0066). The table with its margins is protected as every table is (primary and secondary suppression); then a
/// figure is published only when everything it is computed from is published:
/// <list type="bullet">
/// <item>an LQ and a tier: the cell, its ward's total, its code's city total and the city total (E(w,i) = LQ × E(w) ×
/// E(city,i) / E(city), so an LQ of a withheld cell would give the cell back);</item>
/// <item>an HHI: its cell (or the code's city total);</item>
/// <item>the percentile thresholds of a code: every LQ of that code's column (an interpolated percentile can equal a
/// withheld value).</item>
/// </list>
/// Tiers are computed from the true values, so a published tier says on which side of a threshold a ward lies, never a value.
/// </summary>
public sealed record SpecialisationTable(IReadOnlyList<SpecialisationCell> Cells, IReadOnlyList<SpecialisationColumn> Columns)
{
    /// <param name="wards">The rows: every ward with active enterprises.</param>
    /// <param name="codes">The columns; every active enterprise of a ward is in exactly one (the table is additive).</param>
    /// <param name="squares">Σ employment² of the enterprises of each cell (for the HHI).</param>
    /// <param name="reported">The columns to report (e.g. only a cluster's "in" column); null: all.</param>
    public static SpecialisationTable Compute(IReadOnlyList<string> wards, IReadOnlyList<string> codes, CellContent[,] inner, decimal[,] squares,
        DisclosureRules rules, IReadOnlySet<string>? reported = null)
    {
        ArgumentNullException.ThrowIfNull(wards);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(squares);
        var table = DisclosureControl.Protect(inner, rules);
        var (rows, columns) = (wards.Count, codes.Count);
        var cityEmployment = table.Content(rows, columns).Employment;
        var cells = new List<SpecialisationCell>();
        var summaries = new List<SpecialisationColumn>();
        for (var c = 0; c < columns; c++)
        {
            if (reported is not null && !reported.Contains(codes[c]))
            {
                continue;
            }

            var column = table.Content(rows, c);
            var regions = new List<RegionFigure>();
            var lqPublished = new bool[rows];
            for (var r = 0; r < rows; r++)
            {
                var content = table.Content(r, c);
                regions.Add(new RegionFigure(wards[r],
                    Formulas.LocationQuotientOf(content.Employment, table.Content(r, columns).Employment, column.Employment, cityEmployment),
                    content.Employment, content.Enterprises));
                lqPublished[r] = !table.IsWithheld(r, c) && !table.IsWithheld(r, columns) && !table.IsWithheld(rows, c) && !table.IsWithheld(rows, columns);
            }

            var (thresholds, tiers) = StrongClusters.Classify(regions);
            for (var r = 0; r < rows; r++)
            {
                var content = table.Content(r, c);
                var withheld = table.IsWithheld(r, c);
                cells.Add(new SpecialisationCell(wards[r], codes[c], withheld ? null : content.Enterprises, withheld ? null : content.Employment,
                    withheld ? null : content.Revenue, withheld ? null : Round(Formulas.HhiOf(squares[r, c], content.Employment)),
                    withheld ? ObsStatus.C : ObsStatus.A, lqPublished[r] ? Round(regions[r].LocationQuotient) : null,
                    lqPublished[r] ? tiers[wards[r]] : null, lqPublished[r] ? ObsStatus.A : ObsStatus.C));
            }

            var columnWithheld = table.IsWithheld(rows, c);
            var thresholdsPublished = thresholds is not null && lqPublished.All(p => p);
            summaries.Add(new SpecialisationColumn(codes[c], columnWithheld ? null : column.Enterprises, columnWithheld ? null : column.Employment,
                columnWithheld ? null : column.Revenue,
                columnWithheld ? null : Round(Formulas.HhiOf(Enumerable.Range(0, rows).Sum(r => squares[r, c]), column.Employment)),
                columnWithheld ? ObsStatus.C : ObsStatus.A,
                thresholdsPublished ? thresholds! with
                {
                    LocationQuotientP75 = Round(thresholds.LocationQuotientP75)!.Value,
                } : null,
                thresholdsPublished ? ObsStatus.A : ObsStatus.C));
        }

        return new SpecialisationTable(cells, summaries);
    }

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 4, MidpointRounding.ToEven) : null;
}
