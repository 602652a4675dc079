using SmePlatform.ClusterStats.Application.Delivery;
using SmePlatform.ClusterStats.Domain.Delivery;
using static SmePlatform.ClusterStats.Api.Exports.ExportValues;

namespace SmePlatform.ClusterStats.Api.Exports;

/// <summary>Programme delivery's columns and SDMX observations: one row per figure (and detail) and group, the city as group _T.</summary>
public static class DeliveryShape
{
    public static ExportTable ProgrammeDelivery(ProgrammeDeliveryView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var rows = view.Figures.SelectMany(f => f.Cells.Append(f.Total).Select(c => (Figure: f, Cell: c))).ToArray();
        // The period is an interval of days: SDMX's time range, with FREQ not applicable.
        var period = $"{Text(view.From)}/{Text(view.To)}";
        return new("programme-delivery", "SMEPLATFORM:PROGRAMME_DELIVERY(1.0)",
            ["figure", "detail", "group", "value", "unit", "enterprises", "obs_status", "from", "to", "by", "disclosure_rules_version"],
            [.. rows.Select(r => (IReadOnlyList<string>)[r.Figure.Figure, r.Figure.Detail ?? "", r.Cell.Group, Text(r.Cell.Value), r.Figure.Unit,
                Text(r.Cell.Enterprises), r.Cell.ObsStatus.ToString(), Text(view.From), Text(view.To), view.By, Text(view.DisclosureRulesVersion)])],
            [.. rows.Select(r =>
            {
                var group = r.Cell.Group;
                var (area, activity, cluster) = view.By switch
                {
                    "industry" => (Total, group, NotApplicable),
                    "cluster" => (Total, Total, group),
                    _ => (group, Total, NotApplicable),
                };
                var measure = (r.Figure.Figure + (r.Figure.Detail is { Length: > 0 } d ? "_" + d : "")).Replace('-', '_').ToUpperInvariant();
                var unit = r.Figure.Measure == DeliveryMeasure.Amount ? "CNY" : r.Figure.Unit.ToUpperInvariant();
                return new SdmxObservation(NotApplicable, area, activity, cluster, measure, period, Text(r.Cell.Value), unit, r.Cell.ObsStatus);
            })]);
    }
}
