using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Figures;
using SmePlatform.ServiceDefaults.Http;
using static SmePlatform.ClusterStats.Api.Exports.ExportValues;

namespace SmePlatform.ClusterStats.Api.Exports;

/// <summary>
/// Each statistics table's columns and SDMX observations: only which fields go where. Writing, negotiation and
/// headings are <see cref="TableExport"/>'s, the same for every table.
/// </summary>
public static class TableShapes
{
    public static ExportTable Counts(EnterpriseCountsView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var cells = view.Cells.Select(c => (c.Ward, Section: c.IndustrySection, c.Enterprises, c.Employment, c.Revenue, c.ObsStatus))
            .Concat(view.ByWard.Select(w => (w.Ward, Section: Total, w.Enterprises, w.Employment, w.Revenue, w.ObsStatus)))
            .Concat(view.ByIndustrySection.Select(s => (Ward: Total, Section: s.IndustrySection, s.Enterprises, s.Employment, s.Revenue, s.ObsStatus)))
            .Append((Ward: Total, Section: Total, Enterprises: view.Total, view.Employment, view.Revenue, view.ObsStatus)).ToArray();
        var (freq, period) = Time(view.Period, context.Today);
        return new("enterprise-counts", "SMEPLATFORM:ENTERPRISE_COUNTS(1.0)",
            ["ward", "industry_section", "enterprises", "employment", "revenue_cny", "obs_status", "source", "period", "disclosure_rules_version"],
            [.. cells.Select(c => (IReadOnlyList<string>)[c.Ward, c.Section, Text(c.Enterprises), Text(c.Employment), Text(c.Revenue), c.ObsStatus.ToString(),
                view.Source, Text(view.Period, "yyyy-MM"), Text(view.DisclosureRulesVersion)])],
            [.. cells.SelectMany(c => Measures(freq, c.Ward, c.Section, NotApplicable, period, c.Enterprises, c.Employment, c.Revenue, c.ObsStatus))]);
    }

    public static ExportTable LocationQuotients(LocationQuotientsView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        return Specialisation("location-quotients", "SMEPLATFORM:LOCATION_QUOTIENTS(1.0)", view.Level == "cluster", view.Quotients, view.Source,
            view.Period, view.DisclosureRulesVersion, context);
    }

    /// <summary>Every ward's tier in every code or cluster (the strong ones among them).</summary>
    public static ExportTable StrongClusters(StrongClustersView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        return Specialisation("strong-clusters", "SMEPLATFORM:STRONG_CLUSTERS(1.0)", view.Level == "cluster", [.. view.Columns.SelectMany(c => c.Wards)],
            view.Source, view.Period, view.DisclosureRulesVersion, context);
    }

    /// <summary>The cluster by ward, and the city (ward _T) with the cluster's HHI.</summary>
    public static ExportTable ClusterFigures(ClusterFiguresView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var city = view.City;
        return Specialisation("cluster-figures", "SMEPLATFORM:CLUSTER_FIGURES(1.0)", true,
            [.. view.Wards, new SpecialisationCell(Total, city.Code, city.Enterprises, city.Employment, city.Revenue, city.Hhi, city.ObsStatus, null, null, ObsStatus.A)],
            view.Source, view.Period, view.DisclosureRulesVersion, context);
    }

    public static ExportTable Growth(GrowthView view, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var byCluster = view.Level == "cluster";
        var period = Text(view.To.Period, "yyyy-MM");
        return new("growth", "SMEPLATFORM:GROWTH(1.0)",
            ["ward", "code", "start_enterprises", "start_employment", "start_revenue_cny", "end_enterprises", "end_employment", "end_revenue_cny",
                "enterprises_cagr", "employment_cagr", "revenue_cagr", "job_creation", "obs_status", "from_period", "to_period", "disclosure_rules_version"],
            [.. view.Cells.Select(c => (IReadOnlyList<string>)[c.Ward, c.Code, Text(c.Start?.Enterprises), Text(c.Start?.Employment), Text(c.Start?.Revenue),
                Text(c.End?.Enterprises), Text(c.End?.Employment), Text(c.End?.Revenue), Text(c.EnterprisesCagr), Text(c.EmploymentCagr),
                Text(c.RevenueCagr), Text(c.JobCreation), c.ObsStatus.ToString(), Text(view.From.Period, "yyyy-MM"), period, Text(view.DisclosureRulesVersion)])],
            [.. view.Cells.SelectMany(c => new (string Measure, string Value, string Unit)[]
                {
                    ("ENTERPRISES_CAGR", Text(c.EnterprisesCagr), "PURE_NUMB"), ("EMPLOYMENT_CAGR", Text(c.EmploymentCagr), "PURE_NUMB"),
                    ("REVENUE_CAGR", Text(c.RevenueCagr), "PURE_NUMB"), ("JOB_CREATION", Text(c.JobCreation), "PERSONS"),
                }.Select(m => new SdmxObservation("M", c.Ward, byCluster ? Total : c.Code, byCluster ? c.Code : NotApplicable, m.Measure, period, m.Value,
                    m.Unit, c.ObsStatus)))]);
    }

    /// <summary>Location quotients, tiers and concentration of wards × codes (or clusters); the three tables built on them share it.</summary>
    private static ExportTable Specialisation(string name, string dataflow, bool byCluster, IReadOnlyList<SpecialisationCell> cells, string source,
        DateOnly? snapshot, int rulesVersion, ExportContext context)
    {
        var (freq, period) = Time(snapshot, context.Today);
        return new(name, dataflow,
            ["ward", "code", "enterprises", "employment", "revenue_cny", "hhi", "obs_status", "location_quotient", "tier", "location_quotient_status",
                "source", "period", "disclosure_rules_version"],
            [.. cells.Select(c => (IReadOnlyList<string>)[c.Ward, c.Code, Text(c.Enterprises), Text(c.Employment), Text(c.Revenue), Text(c.Hhi),
                c.ObsStatus.ToString(), Text(c.LocationQuotient), c.Tier is { } tier ? WireStyle.Name(tier) : "", c.LocationQuotientStatus.ToString(), source,
                Text(snapshot, "yyyy-MM"), Text(rulesVersion)])],
            [.. cells.SelectMany(c =>
            {
                var (activity, cluster) = byCluster ? (Total, c.Code) : (c.Code, NotApplicable);
                return Measures(freq, c.Ward, activity, cluster, period, c.Enterprises, c.Employment, c.Revenue, c.ObsStatus).Append(
                    new SdmxObservation(freq, c.Ward, activity, cluster, "LOCATION_QUOTIENT", period, Text(c.LocationQuotient), "PURE_NUMB",
                        c.LocationQuotientStatus));
            })]);
    }

    /// <summary>Enterprises, employment and revenue of one cell as three observations.</summary>
    private static IEnumerable<SdmxObservation> Measures(string freq, string area, string activity, string cluster, string period, int? enterprises,
        long? employment, decimal? revenue, ObsStatus status) =>
    [
        new(freq, area, activity, cluster, "ENTERPRISES", period, Text(enterprises), "NUMBER", status),
        new(freq, area, activity, cluster, "EMPLOYMENT", period, Text(employment), "PERSONS", status),
        new(freq, area, activity, cluster, "REVENUE", period, Text(revenue), "CNY", status),
    ];
}
