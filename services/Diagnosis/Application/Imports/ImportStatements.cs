using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Data;

namespace SmePlatform.Diagnosis.Application.Imports;

/// <param name="Content">The file as uploaded.</param>
/// <param name="ContentType">text/csv or the .xlsx media type.</param>
/// <param name="Unit">The unit of the file's amounts, as declared (cny or wan); required, because a wrong guess is a factor of 10,000.</param>
public sealed record ImportStatementsRequest(byte[] Content, string? ContentType, string? Unit);

/// <summary>What an import stored: rows, enterprises, the unit the amounts were read in, and the warnings of kept figures.</summary>
public sealed record ImportResult(int Rows, int Enterprises, AmountUnit Unit, IReadOnlyList<StatementWarning> Warnings);

/// <summary>
/// An advisor imports statements from a CSV file or an Excel workbook: every bad cell named by row and column at once,
/// and nothing stored from a file with any error; otherwise every row is stored (a year already stored is corrected).
/// </summary>
public sealed class ImportStatementsHandler(UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Source = "import";

    public async Task<Outcome<ImportResult>> HandleAsync(ImportStatementsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        AmountUnit? unit = request.Unit?.Trim().ToLowerInvariant() switch
        {
            "cny" => AmountUnit.Cny,
            "wan" => AmountUnit.Wan,
            _ => null,
        };
        errors.AddIf(unit is null, "unit", "Required: the unit of the file's amounts, cny or wan (ten thousand CNY).");
        var format = StatementFile.FormatOf(request.ContentType);
        errors.AddIf(format is null, "file", $"Send the file as {StatementFile.CsvMediaType} or {StatementFile.XlsxMediaType}.");
        errors.AddIf(format is not null && request.Content.Length == 0, "file", "The file is empty.");
        if (errors.ToRefusal("The import has errors.") is { } invalid)
        {
            return invalid;
        }

        if (StatementFile.Read(request.Content, format!.Value, StatementImport.MaxRows) is not { } table)
        {
            return Refusal.Invalid("The import has errors.", "file", format == StatementFileFormat.Csv ? "Not a readable CSV file." : "Not a readable Excel workbook (.xlsx).");
        }

        var warnings = new List<StatementWarning>();
        var rows = StatementImport.Validate(table, unit!.Value, Access.CurrentYear(clock), errors, warnings);
        if (errors.ToRefusal("The file has errors; nothing was stored.") is { } bad)
        {
            return bad;
        }

        var now = clock.GetUtcNow();
        var actor = Actor.From(caller);
        await using var work = await units.BeginAsync(ct);
        await StatementStore.UpsertManyAsync(work, [.. rows.Select(r => (r.EnterpriseId, r.Ward, r.Statement))], Source, actor.Id, now, ct);
        var enterprises = rows.Select(r => r.EnterpriseId).Distinct().Count();
        await work.AuditAsync(new AuditEntry(actor, "statements.imported", "statement-import", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            null, new { rows = rows.Count, enterprises, unit = unit.Value.ToString() }), ct);
        await work.CommitAsync(ct);
        return new ImportResult(rows.Count, enterprises, unit.Value, warnings);
    }
}
