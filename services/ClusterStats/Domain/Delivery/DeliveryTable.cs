using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Domain.Delivery;

/// <summary>
/// What the store reads for one group (ward, section or cluster; <see cref="DeliveryTable.Total"/> for the city) and one
/// fact and detail: subjects and their quantity and amount counted once each, the enterprises behind them, and the
/// largest single enterprise's share of each (for the dominance rule).
/// </summary>
public sealed record DeliverySource(string Group, string Fact, string Detail, int Subjects, long Quantity, decimal Amount, int Enterprises,
    long LargestSubjects, long LargestQuantity, decimal LargestAmount);

/// <summary>How many events of one kind a figure was counted from, city-wide.</summary>
public sealed record EventTraceSource(string Fact, string Detail, string EventKind, int Events);

/// <summary>One group's value of a figure; value and enterprises null when withheld (<see cref="ObsStatus"/> C).</summary>
public sealed record DeliveryCell(string Group, decimal? Value, int? Enterprises, ObsStatus ObsStatus);

/// <summary>The events of one kind a figure was counted from; null when the city total is withheld (the count would give it).</summary>
public sealed record EventTrace(string Kind, int? Events);

/// <summary>One figure (and detail, for a breakdown) by group, with the city total and the events it was counted from.</summary>
public sealed record DeliveryFigureTable(string Figure, string? Detail, DeliveryMeasure Measure, string Unit, DeliveryCell Total,
    IReadOnlyList<DeliveryCell> Cells, IReadOnlyList<EventTrace> Events);

/// <summary>
/// Programme delivery under disclosure control: each figure is its own table of groups with the city as total, protected
/// as every statistics table is (a cell of fewer enterprises than the threshold, or dominated by one, is withheld, and
/// so is whatever would give it back from the total).
/// </summary>
public static class DeliveryTable
{
    public const string Total = "_T";

    public static IReadOnlyList<DeliveryFigureTable> Compute(IReadOnlyList<DeliverySource> sources, IReadOnlyList<EventTraceSource> events,
        DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(rules);
        var tables = new List<DeliveryFigureTable>();
        foreach (var figure in DeliveryFigures.All)
        {
            var details = figure.ByDetail
                ? sources.Where(s => s.Fact == figure.Fact).Select(s => s.Detail).Distinct().Order(StringComparer.Ordinal).ToArray()
                : [figure.Detail ?? ""];
            foreach (var detail in details)
            {
                var mine = sources.Where(s => s.Fact == figure.Fact && s.Detail == detail).ToArray();
                var trace = events.Where(e => e.Fact == figure.Fact && e.Detail == detail).ToArray();
                tables.Add(Protect(figure, figure.ByDetail ? detail : null, mine, trace, rules));
            }

            if (figure.Name == DeliveryFigures.Recoveries)
            {
                tables.Add(NetLoss(tables));
            }
        }

        return tables;
    }

    private static DeliveryFigureTable Protect(DeliveryFigure figure, string? detail, DeliverySource[] sources, EventTraceSource[] events,
        DisclosureRules rules)
    {
        var groups = sources.Select(s => s.Group).Where(g => g != Total).Distinct().Order(StringComparer.Ordinal).ToArray();
        var inner = new CellContent[groups.Length, 1];
        foreach (var source in sources.Where(s => s.Group != Total))
        {
            inner[Array.IndexOf(groups, source.Group), 0] = Content(figure.Measure, source);
        }

        var table = DisclosureControl.Protect(inner, rules);
        var total = sources.SingleOrDefault(s => s.Group == Total);
        // The city total is read on its own (a subject in two groups counts once), so its sensitivity is judged on its own too.
        var totalWithheld = table.IsWithheld(groups.Length, 0) || (total is not null && Content(figure.Measure, total).IsSensitive(rules));
        var cells = groups.Select((g, r) => Cell(figure.Measure, sources.Single(s => s.Group == g), table.IsWithheld(r, 0)));
        return new(figure.Name, detail, figure.Measure, figure.Unit,
            total is null ? new DeliveryCell(Total, 0, 0, ObsStatus.A) : Cell(figure.Measure, total, totalWithheld),
            [.. cells], [.. events.OrderBy(e => e.EventKind, StringComparer.Ordinal).Select(e => new EventTrace(e.EventKind, totalWithheld ? null : e.Events))]);
    }

    /// <summary>Claims paid less recoveries, per group: published only where both are.</summary>
    private static DeliveryFigureTable NetLoss(List<DeliveryFigureTable> tables)
    {
        var claims = tables.Single(t => t.Figure == DeliveryFigures.ClaimsPaid);
        var recoveries = tables.Single(t => t.Figure == DeliveryFigures.Recoveries);
        DeliveryCell Difference(string group, DeliveryCell? paid, DeliveryCell? recovered)
        {
            var (p, r) = (paid ?? new DeliveryCell(group, 0, 0, ObsStatus.A), recovered ?? new DeliveryCell(group, 0, 0, ObsStatus.A));
            return p.ObsStatus == ObsStatus.C || r.ObsStatus == ObsStatus.C
                ? new DeliveryCell(group, null, null, ObsStatus.C)
                : new DeliveryCell(group, p.Value - r.Value, null, ObsStatus.A);
        }

        var groups = claims.Cells.Select(c => c.Group).Union(recoveries.Cells.Select(c => c.Group)).Order(StringComparer.Ordinal);
        return new(DeliveryFigures.NetLoss, null, DeliveryMeasure.Amount, "CNY", Difference(Total, claims.Total, recoveries.Total),
            [.. groups.Select(g => Difference(g, claims.Cells.SingleOrDefault(c => c.Group == g), recoveries.Cells.SingleOrDefault(c => c.Group == g)))],
            [.. claims.Events.Concat(recoveries.Events)]);
    }

    /// <summary>The figure's own measure in the slots the disclosure rules judge (a count or quantity as employment, an amount as revenue).</summary>
    private static CellContent Content(DeliveryMeasure measure, DeliverySource s) => measure switch
    {
        DeliveryMeasure.Count => new CellContent(s.Enterprises, s.Subjects, 0m, s.LargestSubjects, 0m),
        DeliveryMeasure.Quantity => new CellContent(s.Enterprises, s.Quantity, 0m, s.LargestQuantity, 0m),
        _ => new CellContent(s.Enterprises, 0, s.Amount, 0, s.LargestAmount),
    };

    private static DeliveryCell Cell(DeliveryMeasure measure, DeliverySource s, bool withheld) => withheld
        ? new DeliveryCell(s.Group, null, null, ObsStatus.C)
        : new DeliveryCell(s.Group, measure switch { DeliveryMeasure.Count => s.Subjects, DeliveryMeasure.Quantity => s.Quantity, _ => s.Amount },
            s.Enterprises, ObsStatus.A);
}
