using System.Globalization;
using System.Text;
using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Api;

/// <summary>
/// The counts table as CSV and as SDMX-CSV (the statistics bureau's exchange format), written from the same protected
/// view as the JSON: a withheld value is an empty field with OBS_STATUS C, never a number.
/// </summary>
public static class CountsFormats
{
    public const string Csv = "text/csv";
    public const string SdmxCsv = "application/vnd.sdmx.data+csv";
    public const string Total = "_T";
    public const string NotApplicable = "_Z";
    public const string Dataflow = "SMEPLATFORM:ENTERPRISE_COUNTS(1.0)";

    /// <summary>The format the Accept header asks for (SDMX-CSV before plain CSV), or null for JSON.</summary>
    public static string? Negotiate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.Headers.Accept.ToString();
        return accept.Contains(SdmxCsv, StringComparison.OrdinalIgnoreCase) ? SdmxCsv
            : accept.Contains(Csv, StringComparison.OrdinalIgnoreCase) ? Csv
            : null;
    }

    private sealed record Row(string Ward, string Section, int? Enterprises, long? Employment, decimal? Revenue, ObsStatus Status);

    private static IEnumerable<Row> Rows(EnterpriseCountsView view) =>
        view.Cells.Select(c => new Row(c.Ward, c.IndustrySection, c.Enterprises, c.Employment, c.Revenue, c.ObsStatus))
            .Concat(view.ByWard.Select(w => new Row(w.Ward, Total, w.Enterprises, w.Employment, w.Revenue, w.ObsStatus)))
            .Concat(view.ByIndustrySection.Select(s => new Row(Total, s.IndustrySection, s.Enterprises, s.Employment, s.Revenue, s.ObsStatus)))
            .Append(new Row(Total, Total, view.Total, view.Employment, view.Revenue, view.ObsStatus));

    /// <summary>One line per cell and total (ward or section _T); withheld values empty.</summary>
    public static string ToCsv(EnterpriseCountsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var csv = new StringBuilder("ward,industry_section,enterprises,employment,revenue_cny,obs_status,source,period,disclosure_rules_version\r\n");
        foreach (var row in Rows(view))
        {
            csv.AppendJoin(',', Field(row.Ward), Field(row.Section), Number(row.Enterprises), Number(row.Employment), Number(row.Revenue), row.Status,
                view.Source, view.Period?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "", view.DisclosureRulesVersion.ToString(CultureInfo.InvariantCulture));
            csv.Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// SDMX-CSV 1.0: DATAFLOW, the dimensions FREQ, REF_AREA, ACTIVITY, CLUSTER, MEASURE, TIME_PERIOD, then OBS_VALUE and
    /// the attributes UNIT and OBS_STATUS; one observation per cell, total and measure. A snapshot is monthly (M, yyyy-MM);
    /// live figures are of the day (D, yyyy-MM-dd).
    /// </summary>
    public static string ToSdmxCsv(EnterpriseCountsView view, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (freq, period) = view.Period is { } month
            ? ("M", month.ToString("yyyy-MM", CultureInfo.InvariantCulture))
            : ("D", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var csv = new StringBuilder("DATAFLOW,FREQ,REF_AREA,ACTIVITY,CLUSTER,MEASURE,TIME_PERIOD,OBS_VALUE,UNIT,OBS_STATUS\r\n");
        foreach (var row in Rows(view))
        {
            foreach (var (measure, value, unit) in new[]
            {
                ("ENTERPRISES", Number(row.Enterprises), "NUMBER"), ("EMPLOYMENT", Number(row.Employment), "PERSONS"), ("REVENUE", Number(row.Revenue), "CNY"),
            })
            {
                csv.AppendJoin(',', Dataflow, freq, Field(row.Ward), Field(row.Section), NotApplicable, measure, period, value, unit, row.Status);
                csv.Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static string Number<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
