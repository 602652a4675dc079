namespace SmePlatform.OneStop.Domain;

/// <summary>
/// What a counter clerk or a client sends to register (or, in full, to update) an enterprise; every field optional
/// so that missing ones are reported as field errors rather than as an unreadable body. The first seven are the
/// original contract and required; the profile fields after them are optional, so existing clients keep working.
/// <see cref="ConfirmNotDuplicate"/> registers despite a possible duplicate (similar name or same phone in the ward).
/// </summary>
public sealed record RegisterEnterpriseRequest(
    string? Uscc,
    string? Name,
    string? Ward,
    string? IndustryCode,
    int? Employees,
    decimal? AnnualRevenue,
    decimal? TotalAssets,
    string? NameEn = null,
    string? LegalRepresentative = null,
    string? Address = null,
    string? LegalForm = null,
    string? OwnershipType = null,
    string? Category = null,
    DateOnly? FoundingDate = null,
    decimal? RegisteredCapital = null,
    string? ContactPhone = null,
    bool? ConfirmNotDuplicate = null)
{
    /// <summary>True when any profile field beyond the original seven is given: a full intake at the counter.</summary>
    public bool HasProfile => NameEn is not null || LegalRepresentative is not null || Address is not null || LegalForm is not null
                              || OwnershipType is not null || Category is not null || FoundingDate is not null
                              || RegisteredCapital is not null || ContactPhone is not null;
}

/// <summary>A registration that passed every rule.</summary>
public sealed record ValidRegistration(
    UnifiedSocialCreditCode Uscc,
    string Name,
    Ward Ward,
    IndustryCode IndustryCode,
    int Employees,
    decimal AnnualRevenue,
    decimal TotalAssets,
    EnterpriseProfile? Profile = null)
{
    public EnterpriseProfile ProfileOrEmpty => Profile ?? EnterpriseProfile.Empty;
}

public static class EnterpriseRegistration
{
    public const int MaxNameLength = 200;

    /// <summary>Amounts above this (CNY 10 trillion) are taken as typing errors.</summary>
    public const decimal MaxAmount = 10_000_000_000_000m;

    /// <summary>
    /// Validates every field and returns all errors at once, keyed by the JSON field name. <paramref name="today"/>
    /// (Asia/Shanghai) bounds the founding date; without it a founding date is only checked for plausibility.
    /// </summary>
    public static (ValidRegistration? Registration, Dictionary<string, string[]> Errors) Validate(
        RegisterEnterpriseRequest request, DateOnly? today = null)
    {
        var errors = new Dictionary<string, string[]>();

        var uscc = UnifiedSocialCreditCode.Parse(request.Uscc);
        if (uscc.Error is { } usccError)
        {
            errors["uscc"] = [string.IsNullOrWhiteSpace(request.Uscc) ? "The Unified Social Credit Code is required." : usccError.Message];
        }

        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            errors["name"] = ["The enterprise name is required."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["name"] = [$"The name may have at most {MaxNameLength} characters."];
        }

        var ward = Ward.Find(request.Ward);
        if (ward is null)
        {
            errors["ward"] = [string.IsNullOrWhiteSpace(request.Ward)
                ? "The ward is required."
                : $"'{request.Ward}' is not a ward or county of Shenyang; use one of: {string.Join(", ", Ward.All.Select(w => w.Code))}."];
        }

        if (!IndustryCode.TryParse(request.IndustryCode, out var industry, out var industryError))
        {
            errors["industryCode"] = [industryError];
        }

        if (request.Employees is not { } employees)
        {
            errors["employees"] = ["The number of employees is required."];
        }
        else if (employees < 0)
        {
            errors["employees"] = ["The number of employees cannot be negative."];
        }

        CheckAmount(request.AnnualRevenue, "annualRevenue", "Annual revenue", errors);
        CheckAmount(request.TotalAssets, "totalAssets", "Total assets", errors);
        var profile = EnterpriseProfiles.Validate(request, today, errors);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ValidRegistration(uscc.Code!.Value, name, ward!, industry, request.Employees!.Value,
            request.AnnualRevenue!.Value, request.TotalAssets!.Value, profile), errors);
    }

    internal static void CheckAmount(decimal? amount, string field, string label, Dictionary<string, string[]> errors)
    {
        if (amount is not { } value)
        {
            errors[field] = [$"{label} (CNY) is required."];
        }
        else if (value < 0)
        {
            errors[field] = [$"{label} cannot be negative."];
        }
        else if (value > MaxAmount)
        {
            errors[field] = [$"{label} of {value:N0} CNY is beyond any enterprise in the register; check the amount and its unit (CNY)."];
        }
        else if (decimal.Round(value, 2) != value)
        {
            errors[field] = [$"{label} has at most two decimal places (fen)."];
        }
    }
}
