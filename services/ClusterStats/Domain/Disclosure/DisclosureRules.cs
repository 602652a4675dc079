namespace SmePlatform.ClusterStats.Domain.Disclosure;

/// <summary>
/// When a cell would identify enterprises: fewer than <see cref="MinimumEnterprises"/> of them, or one holding at least
/// <see cref="DominanceShare"/> of the cell's employment or revenue (docs/statistics-rules.md, "Disclosure control").
/// </summary>
public sealed record DisclosureRules(int Version, int MinimumEnterprises, decimal DominanceShare)
{
    /// <summary>The preset: 3 enterprises, 80 % dominance.</summary>
    public static readonly DisclosureRules Preset = new(1, 3, 0.80m);

    /// <summary>Field errors of a proposed rule set (empty: valid), by field name.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (MinimumEnterprises is < 2 or > 100)
        {
            problems["minimumEnterprises"] = "The minimum number of enterprises per cell is between 2 and 100 (below 2 a cell shows one enterprise).";
        }

        if (DominanceShare is <= 0.5m or > 1m)
        {
            problems["dominanceShare"] = "The dominance share is above 0.5 and at most 1 (e.g. 0.8 for 80 %).";
        }

        return problems;
    }
}

/// <summary>What a cell holds: its enterprises, their employment and revenue, and the largest single contribution to each.</summary>
public sealed record CellContent(int Enterprises, long Employment, decimal Revenue, long LargestEmployment, decimal LargestRevenue)
{
    public static readonly CellContent Empty = new(0, 0, 0m, 0, 0m);

    /// <summary>The content of the union of cells (a total): sums, and the largest single contribution of any of them.</summary>
    public static CellContent Sum(IEnumerable<CellContent> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return cells.Aggregate(Empty, (a, c) => new CellContent(a.Enterprises + c.Enterprises, a.Employment + c.Employment, a.Revenue + c.Revenue,
            Math.Max(a.LargestEmployment, c.LargestEmployment), Math.Max(a.LargestRevenue, c.LargestRevenue)));
    }

    /// <summary>The primary rule: a cell with enterprises that are too few, or dominated by one of them.</summary>
    public bool IsSensitive(DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Enterprises > 0 && (Enterprises < rules.MinimumEnterprises
            || (Employment > 0 && LargestEmployment >= rules.DominanceShare * Employment)
            || (Revenue > 0 && LargestRevenue >= rules.DominanceShare * Revenue));
    }
}
