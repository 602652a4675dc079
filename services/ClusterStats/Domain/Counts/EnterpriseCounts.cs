namespace SmePlatform.ClusterStats.Domain.Counts;

/// <summary>Registered enterprises of one ward in one industry section (GB/T 4754 letter).</summary>
public sealed record CountCell(string Ward, string IndustrySection, int Enterprises);

public sealed record WardCount(string Ward, int Enterprises);

public sealed record SectionCount(string IndustrySection, int Enterprises);

/// <summary>The city's registered enterprises: the total, by ward, by industry section, and the cells they add up from.</summary>
public sealed record EnterpriseCounts(int Total, IReadOnlyList<WardCount> ByWard, IReadOnlyList<SectionCount> ByIndustrySection,
    IReadOnlyList<CountCell> Cells)
{
    /// <summary>The totals of the cells, wards and sections in code order (stable for clients and tests).</summary>
    public static EnterpriseCounts Summarise(IReadOnlyList<CountCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return new(
            cells.Sum(c => c.Enterprises),
            [.. cells.GroupBy(c => c.Ward).Select(g => new WardCount(g.Key, g.Sum(c => c.Enterprises))).OrderBy(w => w.Ward, StringComparer.Ordinal)],
            [.. cells.GroupBy(c => c.IndustrySection).Select(g => new SectionCount(g.Key, g.Sum(c => c.Enterprises)))
                .OrderBy(s => s.IndustrySection, StringComparer.Ordinal)],
            cells);
    }
}
