using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;

namespace SmePlatform.Diagnosis.Application.Imports;

/// <summary>The two kinds of file an import takes.</summary>
public enum StatementFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// A file's table as text: the header names and, per data row, its number as the file shows it (the header is row 1)
/// and its cells (null when empty). Numbers from a workbook are written in the invariant culture, so one parser reads both kinds.
/// </summary>
public sealed record StatementTable(IReadOnlyList<string> Headers, IReadOnlyList<StatementTableRow> Rows);

public sealed record StatementTableRow(int Number, IReadOnlyList<string?> Cells);

/// <summary>Reads a CSV file (UTF-8, comma, a header row) or the first sheet of an Excel workbook into a <see cref="StatementTable"/>.</summary>
public static class StatementFile
{
    public const string CsvMediaType = "text/csv";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The format of a Content-Type, or null for any other.</summary>
    public static StatementFileFormat? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return mediaType switch
        {
            _ when string.Equals(mediaType, CsvMediaType, StringComparison.OrdinalIgnoreCase) => StatementFileFormat.Csv,
            _ when string.Equals(mediaType, XlsxMediaType, StringComparison.OrdinalIgnoreCase) => StatementFileFormat.Xlsx,
            _ => null,
        };
    }

    /// <summary>The table, or null when the bytes are not a readable file of <paramref name="format"/>; at most <paramref name="maxRows"/> + 1 rows are read.</summary>
    public static StatementTable? Read(byte[] content, StatementFileFormat format, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return format == StatementFileFormat.Csv ? ReadCsv(content, maxRows) : ReadXlsx(content, maxRows);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the library throws on a damaged or foreign file is the caller's bad input, not our failure.
            return null;
        }
    }

    private static StatementTable ReadCsv(byte[] content, int maxRows)
    {
        using var reader = CsvReader.Create(content, new CsvReaderOptions { Separator = ',' });
        var headers = reader.Headers.Select(h => h.Trim()).ToList();
        var rows = new List<StatementTableRow>();
        while (rows.Count <= maxRows && reader.Read())
        {
            var cells = new string?[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var text = reader.GetString(i).Trim();
                cells[i] = text.Length == 0 ? null : text;
            }

            if (cells.Any(c => c is not null))
            {
                // The header is line 1 of the file; data rows follow it, as a spreadsheet program numbers them.
                rows.Add(new StatementTableRow((int)reader.RowNumber + 1, cells));
            }
        }

        return new StatementTable(headers, rows);
    }

    private static StatementTable ReadXlsx(byte[] content, int maxRows)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheet(1);
        var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        var lastRow = Math.Min(sheet.LastRowUsed()?.RowNumber() ?? 0, maxRows + 2);
        var headers = Enumerable.Range(1, lastColumn).Select(c => Text(sheet.Cell(1, c).Value) ?? "").ToList();
        var rows = new List<StatementTableRow>();
        for (var r = 2; r <= lastRow; r++)
        {
            var cells = Enumerable.Range(1, lastColumn).Select(c => Text(sheet.Cell(r, c).Value)).ToArray();
            if (cells.Any(c => c is not null))
            {
                rows.Add(new StatementTableRow(r, cells));
            }
        }

        return new StatementTable(headers, rows);
    }

    private static string? Text(XLCellValue value) => value.Type switch
    {
        XLDataType.Blank => null,
        // A workbook keeps numbers as doubles: 15 significant digits hold any amount to the fen below 10¹³ CNY.
        XLDataType.Number => ((decimal)value.GetNumber()).ToString(CultureInfo.InvariantCulture),
        XLDataType.Text => value.GetText().Trim() is { Length: > 0 } text ? text : null,
        _ => value.ToString(CultureInfo.InvariantCulture).Trim(),
    };
}
