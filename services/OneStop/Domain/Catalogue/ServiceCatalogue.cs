using System.Text.RegularExpressions;

namespace SmePlatform.OneStop.Domain;

/// <summary>A required document as submitted: code, name, required (true unless said otherwise).</summary>
public sealed record RequiredDocumentInput(string? Code, string? Name, bool? Required);

/// <summary>The content of one version of a catalogue procedure, validated.</summary>
public sealed record ProcedureContent(
    string NameEn,
    string NameZh,
    string ResponsibleOffice,
    decimal FeeCny,
    int TimeLimitWorkingDays,
    IReadOnlyList<RequiredDocument> DocumentsNew,
    IReadOnlyList<RequiredDocument> DocumentsRenewal);

/// <summary>The rules of the service catalogue: what a procedure version must hold. Errors are keyed by JSON path.</summary>
public static partial class ServiceCatalogue
{
    public const int MaxNameLength = 200;
    public const int MaxDocuments = 50;

    /// <summary>A fee above CNY 1 million at a service counter is a typing error (the presets are all free).</summary>
    public const decimal MaxFeeCny = 1_000_000m;

    /// <summary>Procedure time limits beyond a working year are typing errors; statutory limits are days or weeks.</summary>
    public const int MaxTimeLimit = 250;

    public static bool IsValidCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public static (ProcedureContent? Content, Dictionary<string, string[]> Errors) Validate(
        string? nameEn, string? nameZh, string? responsibleOffice, decimal? feeCny, int? timeLimitWorkingDays,
        IReadOnlyList<RequiredDocumentInput?>? documentsNew, IReadOnlyList<RequiredDocumentInput?>? documentsRenewal)
    {
        var errors = new Dictionary<string, string[]>();
        Text(errors, "nameEn", nameEn);
        Text(errors, "nameZh", nameZh);
        Text(errors, "responsibleOffice", responsibleOffice);
        if (feeCny is not { } fee || fee < 0 || fee > MaxFeeCny || decimal.Round(fee, 2) != fee)
        {
            errors["feeCny"] = [$"feeCny is 0 to {MaxFeeCny:N0} yuan with at most two decimals (0 for a free procedure)."];
        }

        if (timeLimitWorkingDays is not (>= 0 and <= MaxTimeLimit))
        {
            errors["timeLimitWorkingDays"] = [$"timeLimitWorkingDays is 0 (same day) to {MaxTimeLimit} working days."];
        }

        var forNew = Documents(errors, "documentsNew", documentsNew);
        var forRenewal = Documents(errors, "documentsRenewal", documentsRenewal);
        return errors.Count > 0
            ? (null, errors)
            : (new ProcedureContent(nameEn!.Trim(), nameZh!.Trim(), responsibleOffice!.Trim(), feeCny!.Value, timeLimitWorkingDays!.Value, forNew, forRenewal), errors);
    }

    private static void Text(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value.Trim().Length > MaxNameLength)
        {
            errors[field] = [$"{field} has at most {MaxNameLength} characters."];
        }
    }

    private static List<RequiredDocument> Documents(Dictionary<string, string[]> errors, string field, IReadOnlyList<RequiredDocumentInput?>? input)
    {
        var documents = new List<RequiredDocument>();
        if (input is null)
        {
            errors[field] = [$"{field} is the checklist, [] when the procedure needs no documents."];
            return documents;
        }

        if (input.Count > MaxDocuments)
        {
            errors[field] = [$"{field} has at most {MaxDocuments} documents."];
            return documents;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Count; i++)
        {
            var path = $"{field}[{i}]";
            var code = input[i]?.Code?.Trim().ToLowerInvariant();
            if (!IsValidCode(code))
            {
                errors[path + ".code"] = ["code is 2 to 50 characters: lower-case letters, digits and dashes, starting with a letter."];
            }
            else if (!seen.Add(code!))
            {
                errors[path + ".code"] = [$"'{code}' is listed twice."];
            }

            var name = input[i]?.Name;
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
            {
                errors[path + ".name"] = [$"name is required, at most {MaxNameLength} characters."];
            }

            if (code is not null && name is not null)
            {
                documents.Add(new RequiredDocument(code, name.Trim(), input[i]!.Required ?? true));
            }
        }

        return documents;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
