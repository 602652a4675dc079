using System.Globalization;
using System.Text.RegularExpressions;
using SmePlatform.Application;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Application.Imports;

/// <summary>The unit of a file's amounts, declared per file: CNY, or 万元 (ten thousand CNY). Employees are a count in either.</summary>
public enum AmountUnit
{
    Cny,
    Wan,
}

/// <summary>One row of a file once every cell is known to be valid: whose statement, the ward, the figures in CNY.</summary>
public sealed record ImportedStatement(int Row, Guid EnterpriseId, string Ward, FinancialStatement Statement);

/// <summary>
/// The columns of an import file (one row per enterprise-year) and their checks: every bad cell is named by its row
/// (as the file numbers it, the header being row 1) and its column, all at once; a file with any error stores nothing.
/// </summary>
public static partial class StatementImport
{
    public const int MaxRows = 20_000;

    /// <summary>The columns, in the template's order; the last four may be left empty.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "enterpriseId", "ward", "fiscalYear", "sales", "costOfSales", "operatingProfit", "netProfit", "depreciation", "receivables", "inventory",
        "payables", "cash", "borrowings", "currentAssets", "currentLiabilities", "totalAssets", "netAssets", "employees", "totalLiabilities",
        "openingReceivables", "openingInventory", "openingPayables",
    ];

    public static readonly IReadOnlyList<string> OptionalColumns = ["totalLiabilities", "openingReceivables", "openingInventory", "openingPayables"];

    /// <summary>The valid rows, or none with every error in <paramref name="errors"/>; warnings (rounding only) go to <paramref name="warnings"/>.</summary>
    public static IReadOnlyList<ImportedStatement> Validate(StatementTable table, AmountUnit unit, int currentYear, FieldErrors errors,
        List<StatementWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var header = table.Headers[i];
            if (!Columns.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add("columns", $"Column {ColumnLetter(i)} \"{header}\" is not a column of the template.");
            }
            else if (!index.TryAdd(header, i))
            {
                errors.Add("columns", $"Column \"{header}\" is given more than once.");
            }
        }

        foreach (var missing in Columns.Except(OptionalColumns).Where(c => !index.ContainsKey(c)))
        {
            errors.Add("columns", $"Column \"{missing}\" is missing.");
        }

        if (errors.Any)
        {
            return [];
        }

        if (table.Rows.Count == 0)
        {
            errors.Add("rows", "The file has no rows.");
            return [];
        }

        if (table.Rows.Count > MaxRows)
        {
            errors.Add("rows", $"At most {MaxRows} rows in one file.");
            return [];
        }

        var imported = new List<ImportedStatement>(table.Rows.Count);
        var seen = new Dictionary<(Guid, int), int>();
        var wards = new Dictionary<Guid, string>();
        foreach (var row in table.Rows)
        {
            if (Row(row, index, unit, currentYear, errors, warnings) is not { } statement)
            {
                continue;
            }

            var prefix = $"rows[{row.Number}].";
            if (seen.TryGetValue((statement.EnterpriseId, statement.Statement.FiscalYear), out var first))
            {
                errors.Add(prefix + "fiscalYear", $"Row {first} already gives this enterprise's fiscal year {statement.Statement.FiscalYear}.");
                continue;
            }

            seen[(statement.EnterpriseId, statement.Statement.FiscalYear)] = row.Number;
            if (wards.TryGetValue(statement.EnterpriseId, out var ward) && ward != statement.Ward)
            {
                errors.Add(prefix + "ward", $"Another row gives this enterprise the ward {ward}.");
                continue;
            }

            wards[statement.EnterpriseId] = statement.Ward;
            imported.Add(statement);
        }

        return errors.Any ? [] : imported;
    }

    private static ImportedStatement? Row(StatementTableRow row, Dictionary<string, int> index, AmountUnit unit, int currentYear, FieldErrors errors,
        List<StatementWarning> warnings)
    {
        var prefix = $"rows[{row.Number}].";
        var rowErrors = new FieldErrors();
        string? Cell(string column) => index.TryGetValue(column, out var i) && i < row.Cells.Count ? row.Cells[i] : null;

        decimal? Amount(string column)
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                rowErrors.Add(column, "Not a number.");
                return null;
            }

            // 万元 to CNY; amounts beyond any statement are refused later as out of range, so the product cannot overflow.
            return unit == AmountUnit.Wan && Math.Abs(value) < 1e20m ? value * 10_000m : value;
        }

        int? Count(string column)
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || value != decimal.Truncate(value) || value is > int.MaxValue or < int.MinValue)
            {
                rowErrors.Add(column, "A whole number.");
                return null;
            }

            return (int)value;
        }

        Guid enterpriseId = default;
        if (Cell("enterpriseId") is not { } id)
        {
            rowErrors.Add("enterpriseId", "Required.");
        }
        else if (!Guid.TryParse(id, out enterpriseId) || enterpriseId == Guid.Empty)
        {
            rowErrors.Add("enterpriseId", "Not a UUID.");
        }

        var ward = Cell("ward")?.ToLowerInvariant();
        if (ward is null)
        {
            rowErrors.Add("ward", "Required: the enterprise's registered ward code.");
        }
        else if (!WardCode().IsMatch(ward))
        {
            rowErrors.Add("ward", "A ward code: lower-case letters and hyphens, at most 40.");
        }

        var openingGiven = Cell("openingReceivables") is not null || Cell("openingInventory") is not null || Cell("openingPayables") is not null;
        var input = new StatementInput(Count("fiscalYear"), Amount("sales"), Amount("costOfSales"), Amount("operatingProfit"), Amount("netProfit"),
            Amount("depreciation"), Amount("receivables"), Amount("inventory"), Amount("payables"), Amount("cash"), Amount("borrowings"),
            Amount("currentAssets"), Amount("currentLiabilities"), Amount("totalAssets"), Amount("netAssets"), Count("employees"), Amount("totalLiabilities"),
            openingGiven ? new OpeningInput(Amount("openingReceivables"), Amount("openingInventory"), Amount("openingPayables")) : null);
        // A cell that is not a number already has its error: the statement's own "Required." would only repeat it.
        var unreadable = rowErrors.ToDictionary().Keys.ToHashSet(StringComparer.Ordinal);
        var statementErrors = new FieldErrors();
        var rowWarnings = new List<StatementWarning>();
        var statement = StatementParsing.Parse(input, "", currentYear, statementErrors, rowWarnings);
        foreach (var (field, messages) in statementErrors.ToDictionary())
        {
            var column = ColumnOf(field);
            if (!unreadable.Contains(column))
            {
                foreach (var message in messages)
                {
                    rowErrors.Add(column, message);
                }
            }
        }

        foreach (var (field, messages) in rowErrors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(prefix + field, message);
            }
        }

        warnings.AddRange(rowWarnings.Select(w => w with { Field = prefix + ColumnOf(w.Field) }));
        return rowErrors.Any || statement is null ? null : new ImportedStatement(row.Number, enterpriseId, ward!, statement);
    }

    /// <summary>The statement's field path as the file's column ("opening.receivables" is the column openingReceivables).</summary>
    private static string ColumnOf(string field) => field switch
    {
        "opening.receivables" => "openingReceivables",
        "opening.inventory" => "openingInventory",
        "opening.payables" => "openingPayables",
        _ => field,
    };

    /// <summary>A spreadsheet's name of the 0-based column <paramref name="index"/> (0 → A, 26 → AA).</summary>
    public static string ColumnLetter(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex WardCode();
}
