using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

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

    /// <summary>
    /// The first sheet, streamed row by row (SAX) rather than loaded as a workbook object model: loading 10,000 rows of
    /// 19 cells into ClosedXML took most of an import's time (measured: docs/performance.md "Statement import").
    /// </summary>
    private static StatementTable ReadXlsx(byte[] content, int maxRows)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("No workbook part.");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("No sheet.");
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id?.Value ?? throw new InvalidDataException("A sheet without its part."));
        string[] shared = [.. workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText) ?? []];
        var read = new List<(int Number, SortedDictionary<int, string> Cells)>();
        var lastColumn = 0;
        using var reader = OpenXmlReader.Create(sheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int)(row.RowIndex?.Value ?? (uint)(read.Count + 1));
            if (number > maxRows + 2)
            {
                break;
            }

            var cells = new SortedDictionary<int, string>();
            var position = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                position = cell.CellReference?.Value is { } reference ? ColumnNumber(reference) : position + 1;
                if (Text(cell, shared) is { } text)
                {
                    cells[position] = text;
                    lastColumn = Math.Max(lastColumn, position);
                }
            }

            read.Add((number, cells));
        }

        var headerCells = read.FirstOrDefault(r => r.Number == 1).Cells;
        var headers = Enumerable.Range(1, lastColumn).Select(c => headerCells?.GetValueOrDefault(c) ?? "").ToList();
        var rows = read.Where(r => r.Number > 1 && r.Cells.Count > 0)
            .Select(r => new StatementTableRow(r.Number, Enumerable.Range(1, lastColumn).Select(c => r.Cells.GetValueOrDefault(c)).ToArray()))
            .ToList();
        return new StatementTable(headers, rows);
    }

    /// <summary>"C12" → 3.</summary>
    private static int ColumnNumber(string reference)
    {
        var number = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            number = (number * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return number;
    }

    /// <summary>A cell as text (null when empty), as ClosedXML read it: numbers through a double, written in the invariant culture.</summary>
    private static string? Text(Cell cell, string[] shared)
    {
        var raw = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText : cell.CellValue?.Text;
        if (raw is null)
        {
            return null;
        }

        var type = cell.DataType?.Value;
        string text;
        if (type == CellValues.SharedString)
        {
            text = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : raw;
        }
        else if ((type is null || type == CellValues.Number) &&
                 double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            // A workbook keeps numbers as doubles: 15 significant digits hold any amount to the fen below 10¹³ CNY.
            text = ((decimal)number).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            text = raw;
        }

        text = text.Trim();
        return text.Length == 0 ? null : text;
    }
}
