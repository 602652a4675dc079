using System.Globalization;
using System.Text;

namespace SmePlatform.OneStop.Domain;

/// <summary>
/// The optional part of a registration (DOMAIN.md "The enterprise register"): names, legal representative,
/// address, legal form and ownership, category, founding date, registered capital and contact phone. Null means
/// "not given"; <see cref="Category"/> is derived from the legal form when the form is given.
/// </summary>
public sealed record EnterpriseProfile(
    string? NameEn,
    string? LegalRepresentative,
    string? Address,
    string? LegalForm,
    string? OwnershipType,
    EnterpriseCategory? Category,
    DateOnly? FoundingDate,
    decimal? RegisteredCapital,
    string? ContactPhone)
{
    public static readonly EnterpriseProfile Empty = new(null, null, null, null, null, null, null, null, null);
}

public static class EnterpriseProfiles
{
    public const int MaxNameEnLength = 200;
    public const int MaxLegalRepresentativeLength = 100;
    public const int MaxAddressLength = 300;

    /// <summary>No enterprise in the register was founded before this (the sources start in the 1950s).</summary>
    public static readonly DateOnly EarliestFoundingDate = new(1900, 1, 1);

    /// <summary>"legal-person-enterprise" / "individual-household": the stable codes of <see cref="EnterpriseCategory"/>.</summary>
    public static string Code(EnterpriseCategory category) => category switch
    {
        EnterpriseCategory.IndividualHousehold => "individual-household",
        _ => "legal-person-enterprise",
    };

    public static EnterpriseCategory? FindCategory(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "legal-person-enterprise" => EnterpriseCategory.LegalPersonEnterprise,
        "individual-household" => EnterpriseCategory.IndividualHousehold,
        _ => null,
    };

    /// <summary>Validates the optional fields into <paramref name="errors"/> (keyed by JSON field); null when none is given.</summary>
    internal static EnterpriseProfile? Validate(RegisterEnterpriseRequest request, DateOnly? today, Dictionary<string, string[]> errors)
    {
        if (!request.HasProfile)
        {
            return null;
        }

        var nameEn = Text(request.NameEn, "nameEn", "The English name", MaxNameEnLength, errors);
        var representative = Text(request.LegalRepresentative, "legalRepresentative", "The legal representative", MaxLegalRepresentativeLength, errors);
        var address = Text(request.Address, "address", "The address", MaxAddressLength, errors);

        LegalForm? form = null;
        OwnershipType? ownership = null;
        if (request.LegalForm is not null && request.OwnershipType is not null)
        {
            var (f, o, formErrors) = EnterpriseForms.Validate(request.LegalForm, request.OwnershipType);
            (form, ownership) = (f, o);
            foreach (var (field, messages) in formErrors)
            {
                errors[field] = messages;
            }
        }
        else if (request.LegalForm is not null)
        {
            form = LegalForm.Find(request.LegalForm);
            if (form is null)
            {
                errors["legalForm"] = [$"'{request.LegalForm}' is not a known legal form; use one of: {string.Join(", ", LegalForm.All.Select(x => x.Code))}."];
            }
        }
        else if (request.OwnershipType is not null)
        {
            ownership = OwnershipType.Find(request.OwnershipType);
            if (ownership is null)
            {
                errors["ownershipType"] = [$"'{request.OwnershipType}' is not a known ownership type; use one of: {string.Join(", ", OwnershipType.All.Select(x => x.Code))}."];
            }
        }

        EnterpriseCategory? category = form?.Category;
        if (request.Category is not null)
        {
            var given = FindCategory(request.Category);
            if (given is null)
            {
                errors["category"] = [$"'{request.Category}' is not a category; use legal-person-enterprise or individual-household."];
            }
            else if (form is not null && given != form.Category)
            {
                errors["category"] = [$"A {form.NameEn.ToLowerInvariant()} is a {Code(form.Category)}, not a {Code(given.Value)}."];
            }
            else
            {
                category = given;
            }
        }

        if (request.FoundingDate is { } founded)
        {
            if (founded < EarliestFoundingDate)
            {
                errors["foundingDate"] = [$"The founding date {founded:yyyy-MM-dd} is before {EarliestFoundingDate:yyyy-MM-dd}; check the year."];
            }
            else if (today is { } day && founded > day)
            {
                errors["foundingDate"] = [$"The founding date {founded:yyyy-MM-dd} is in the future (today is {day:yyyy-MM-dd} in Shenyang)."];
            }
        }

        if (request.RegisteredCapital is not null)
        {
            EnterpriseRegistration.CheckAmount(request.RegisteredCapital, "registeredCapital", "Registered capital", errors);
        }

        string? phone = null;
        if (request.ContactPhone is not null)
        {
            phone = EnterpriseNames.NormalisePhone(request.ContactPhone);
            if (phone is null)
            {
                errors["contactPhone"] = ["A contact phone has 7 to 12 digits (a mobile 13800138000 or a landline 024-23456789); +86, spaces, dashes and brackets are allowed."];
            }
        }

        return new EnterpriseProfile(nameEn, representative, address, form?.Code, ownership?.Code, category,
            request.FoundingDate, request.RegisteredCapital, phone);
    }

    private static string? Text(string? value, string field, string label, int maxLength, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [$"{label} may have at most {maxLength} characters."];
        }

        return text;
    }
}

/// <summary>The forms of names and phones that duplicate detection compares.</summary>
public static class EnterpriseNames
{
    // Longest first: "股份有限公司" must be stripped before "有限公司".
    private static readonly string[] Suffixes =
    [
        "股份有限公司", "有限责任公司", "有限公司", "公司", "个体工商户", "company limited", "co ltd", "coltd", "limited", "ltd", "inc",
    ];

    private static readonly string[] Prefixes = ["沈阳市", "沈阳", "shenyang"];

    /// <summary>
    /// The name without what every enterprise of the city shares: case, spaces and punctuation, the city prefix
    /// (沈阳市, Shenyang) and the legal-form suffix (有限公司, Co., Ltd.). "沈阳精工机械股份有限公司" and "沈阳市精工机械有限公司"
    /// both become "精工机械", so a trigram similarity on this key finds them, while the shared "沈阳…有限公司" does
    /// not make two different enterprises look alike. Falls back to the plain folded name when nothing else is left.
    /// </summary>
    public static string Key(string name)
    {
        var folded = Fold(name);
        var key = folded;
        foreach (var prefix in Prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                key = key[prefix.Length..];
                break;
            }
        }

        foreach (var suffix in Suffixes)
        {
            var compact = suffix.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (key.EndsWith(compact, StringComparison.Ordinal))
            {
                key = key[..^compact.Length];
                break;
            }
        }

        return key.Length > 0 ? key : folded;
    }

    /// <summary>Digits only, without the +86/0086 country prefix; null unless 7 to 12 digits remain.</summary>
    public static string? NormalisePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new StringBuilder();
        var text = phone.Trim();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && i == 0)
            {
                continue;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return null;
            }
        }

        var value = digits.ToString();
        if (text.StartsWith('+') && value.StartsWith("86", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        else if (value.StartsWith("0086", StringComparison.Ordinal))
        {
            value = value[4..];
        }

        return value.Length is >= 7 and <= 12 ? value : null;
    }

    private static string Fold(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
