using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace SmePlatform.ClusterStats.Api.Exports;

/// <summary>The three written forms of a table: CSV, an Excel workbook and SDMX-CSV 1.0.</summary>
public static class ExportWriters
{
    public const string SdmxHeader = "DATAFLOW,FREQ,REF_AREA,ACTIVITY,CLUSTER,MEASURE,TIME_PERIOD,OBS_VALUE,UNIT,OBS_STATUS";

    /// <summary>RFC 4180 with CRLF line ends; <paramref name="headings"/> in the caller's language.</summary>
    public static string Csv(ExportTable table, IReadOnlyList<string> headings)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder().AppendJoin(',', headings.Select(Field)).Append("\r\n");
        foreach (var row in table.Rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One sheet named after the table, headings on the first row; numbers as numbers, a withheld value an empty cell.</summary>
    public static byte[] Xlsx(ExportTable table, IReadOnlyList<string> headings)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(table.Name.Length > 31 ? table.Name[..31] : table.Name);
        for (var c = 0; c < headings.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = headings[c];
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            for (var c = 0; c < table.Rows[r].Count; c++)
            {
                var text = table.Rows[r][c];
                var cell = sheet.Cell(r + 2, c + 1);
                // A code such as 0101 stays text; a figure is a number the reader can sum.
                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    && !(text.Length > 1 && text[0] == '0' && text[1] != '.'))
                {
                    cell.Value = number;
                }
                else
                {
                    cell.Value = text;
                }
            }
        }

        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>SDMX-CSV 1.0: one line per observation under the table's dataflow.</summary>
    public static string SdmxCsv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder(SdmxHeader).Append("\r\n");
        foreach (var o in table.Observations)
        {
            csv.AppendJoin(',', table.Dataflow, o.Freq, Field(o.RefArea), Field(o.Activity), Field(o.Cluster), o.Measure, o.TimePeriod, o.Value, o.Unit, o.Status)
                .Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
