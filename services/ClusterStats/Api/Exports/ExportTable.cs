using System.Globalization;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Api.Exports;

/// <summary>
/// One SDMX-CSV observation: the dimensions FREQ, REF_AREA, ACTIVITY, CLUSTER, MEASURE, TIME_PERIOD, the value (empty
/// when withheld) and the attributes UNIT and OBS_STATUS.
/// </summary>
public sealed record SdmxObservation(string Freq, string RefArea, string Activity, string Cluster, string Measure, string TimePeriod, string Value,
    string Unit, ObsStatus Status);

/// <summary>
/// A table as every export writes it: its columns (machine names, which are the English headings and the keys of the
/// Chinese ones), its rows as text (a withheld value is an empty field) and its SDMX observations under
/// <see cref="Dataflow"/>. Built from the same protected view as the JSON, so nothing withheld there can appear here.
/// </summary>
public sealed record ExportTable(string Name, string Dataflow, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<SdmxObservation> Observations);

/// <summary>What a table's shape needs besides the view: the city's day (the time period of live figures).</summary>
public sealed record ExportContext(DateOnly Today);

/// <summary>How values are written in every export.</summary>
public static class ExportValues
{
    /// <summary>The SDMX code of a total, of a dimension that does not apply, and of an unknown value.</summary>
    public const string Total = "_T";
    public const string NotApplicable = "_Z";

    public static string Text<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(DateOnly? day, string format = "yyyy-MM-dd") => day?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    /// <summary>FREQ and TIME_PERIOD of a figure read live (of the day) or from a monthly snapshot (of its month).</summary>
    public static (string Freq, string Period) Time(DateOnly? snapshotPeriod, DateOnly today) => snapshotPeriod is { } month
        ? ("M", month.ToString("yyyy-MM", CultureInfo.InvariantCulture))
        : ("D", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
