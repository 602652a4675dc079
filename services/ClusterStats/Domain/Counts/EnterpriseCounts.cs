using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Domain.Counts;

/// <summary>SDMX OBS_STATUS as the tables use it: A a normal value, C confidential (withheld by disclosure control).</summary>
public enum ObsStatus
{
    A,
    C,
}

/// <summary>What the store reads for one ward and industry section: the cell's contributors summarised.</summary>
public sealed record FigureCell(string Ward, string IndustrySection, CellContent Content);

/// <summary>Active enterprises, their employment and revenue (CNY) in one ward and section; all null when withheld.</summary>
public sealed record CountCell(string Ward, string IndustrySection, int? Enterprises, long? Employment, decimal? Revenue, ObsStatus ObsStatus);

public sealed record WardCount(string Ward, int? Enterprises, long? Employment, decimal? Revenue, ObsStatus ObsStatus);

public sealed record SectionCount(string IndustrySection, int? Enterprises, long? Employment, decimal? Revenue, ObsStatus ObsStatus);

/// <summary>
/// The city's active enterprises: the total, by ward, by industry section, and the cells they add up from, after
/// disclosure control (the same for every reader). A cell neither listed nor withheld holds no enterprise.
/// </summary>
public sealed record EnterpriseCounts(int? Total, long? Employment, decimal? Revenue, ObsStatus ObsStatus, int DisclosureRulesVersion,
    IReadOnlyList<WardCount> ByWard, IReadOnlyList<SectionCount> ByIndustrySection, IReadOnlyList<CountCell> Cells)
{
    /// <summary>The table of <paramref name="cells"/> with its margins, withheld where <paramref name="rules"/> say so; codes in ordinal order.</summary>
    public static EnterpriseCounts Summarise(IReadOnlyList<FigureCell> cells, DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(rules);
        var wards = cells.Select(c => c.Ward).Distinct().Order(StringComparer.Ordinal).ToArray();
        var sections = cells.Select(c => c.IndustrySection).Distinct().Order(StringComparer.Ordinal).ToArray();
        var inner = new CellContent[wards.Length, sections.Length];
        foreach (var cell in cells)
        {
            inner[Array.IndexOf(wards, cell.Ward), Array.IndexOf(sections, cell.IndustrySection)] = cell.Content;
        }

        var table = DisclosureControl.Protect(inner, rules);
        var listed = new List<CountCell>();
        for (var w = 0; w < wards.Length; w++)
        {
            for (var s = 0; s < sections.Length; s++)
            {
                if (table.IsWithheld(w, s) || table.Content(w, s).Enterprises > 0)
                {
                    var (n, e, r, status) = Show(table, w, s);
                    listed.Add(new CountCell(wards[w], sections[s], n, e, r, status));
                }
            }
        }

        var (total, employment, revenue, totalStatus) = Show(table, wards.Length, sections.Length);
        return new(total, employment, revenue, totalStatus, rules.Version,
            [.. wards.Select((ward, w) => Show(table, w, sections.Length) is var (n, e, r, st) ? new WardCount(ward, n, e, r, st) : null!)],
            [.. sections.Select((section, s) => Show(table, wards.Length, s) is var (n, e, r, st) ? new SectionCount(section, n, e, r, st) : null!)],
            listed);
    }

    private static (int?, long?, decimal?, ObsStatus) Show(SuppressedTable table, int row, int column)
    {
        var content = table.Content(row, column);
        return table.IsWithheld(row, column)
            ? (null, null, null, ObsStatus.C)
            : (content.Enterprises, content.Employment, content.Revenue, ObsStatus.A);
    }
}
