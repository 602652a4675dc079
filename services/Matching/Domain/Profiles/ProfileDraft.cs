using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Domain.Profiles;

/// <summary>The input of a profile and its listings as parsed from a request: text still to be checked.</summary>
public sealed record ListingInput(
    string? Kind, string? Type, string? Title, IReadOnlyList<string>? IndustryCodes, IReadOnlyList<string>? Processes,
    decimal? Amount, string? Unit, IReadOnlyList<string>? RequiredCertifications, IReadOnlyList<string>? PreferredWards, DateOnly? Deadline);

public sealed record ProcessInput(string? Name, string? Equipment, decimal? Capacity, string? Unit);

public sealed record ProfileInput(
    string? Outline, IReadOnlyList<string>? Products, IReadOnlyList<ProcessInput>? Processes, IReadOnlyList<string>? Certifications,
    string? ExportExperience, IReadOnlyList<string>? Languages, IReadOnlyList<ListingInput>? Listings);

/// <summary>Checks a profile's input and reports every problem at once, each under its JSON path.</summary>
public static class ProfileDraft
{
    public const int MaxText = 2000;
    public const int MaxListings = 20;

    public static Checked<PartneringProfile> Create(Guid id, string code, EnterpriseIdentity enterprise, ProfileInput input, string draftedBy,
        Func<Guid> newId, DateOnly today)
    {
        var errors = new List<MatchingError>();
        void Error(string field, string message) => errors.Add(MatchingError.InField(field, message));

        if (string.IsNullOrWhiteSpace(input.Outline))
        {
            Error("outline", "The outline is required: what the enterprise does, in a few sentences.");
        }
        else if (input.Outline.Length > MaxText)
        {
            Error("outline", $"The outline has at most {MaxText} characters.");
        }

        var processes = new List<ProcessCapacity>();
        for (var i = 0; i < (input.Processes?.Count ?? 0); i++)
        {
            var p = input.Processes![i];
            var at = $"processes[{i}]";
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                Error($"{at}.name", "A process needs a name (e.g. \"CNC machining\").");
            }

            var quantity = ParseQuantity(p.Capacity, p.Unit, $"{at}.capacity", $"{at}.unit", Error);
            if (quantity is not null && !string.IsNullOrWhiteSpace(p.Name))
            {
                processes.Add(new ProcessCapacity(p.Name.Trim(), p.Equipment?.Trim(), quantity));
            }
        }

        var listings = new List<Listing>();
        if (input.Listings is not { Count: > 0 })
        {
            Error("listings", "A profile carries at least one need or offer.");
        }
        else if (input.Listings.Count > MaxListings)
        {
            Error("listings", $"A profile carries at most {MaxListings} needs and offers.");
        }
        else
        {
            for (var i = 0; i < input.Listings.Count; i++)
            {
                if (CheckListing(input.Listings[i], $"listings[{i}]", newId, today, Error) is { } listing)
                {
                    listings.Add(listing);
                }
            }
        }

        if (errors.Count > 0)
        {
            return Checked.Refused<PartneringProfile>(errors);
        }

        return new PartneringProfile(id, code, enterprise, input.Outline!.Trim(), Clean(input.Products), processes, Clean(input.Certifications),
            string.IsNullOrWhiteSpace(input.ExportExperience) ? null : input.ExportExperience.Trim(), Clean(input.Languages), listings,
            ProfileState.Draft, draftedBy, [], null, null);
    }

    private static Listing? CheckListing(ListingInput l, string at, Func<Guid> newId, DateOnly today, Action<string, string> error)
    {
        var ok = true;
        void Error(string field, string message)
        {
            ok = false;
            error(field, message);
        }

        if (!WireNames.TryParse(l.Kind, out ListingKind kind))
        {
            Error($"{at}.kind", "The kind is need or offer.");
        }

        if (!PartnershipTypes.TryParse(l.Type, out var type))
        {
            Error($"{at}.type", $"The type is one of {WireNames.List<PartnershipType>()}.");
        }

        if (string.IsNullOrWhiteSpace(l.Title))
        {
            Error($"{at}.title", "A need or offer has a title.");
        }

        var industries = Clean(l.IndustryCodes);
        if (industries.Count == 0)
        {
            Error($"{at}.industryCodes", "At least one GB/T 4754 industry code (e.g. C3511).");
        }

        foreach (var code in industries.Where(c => !IndustryCode.IsValid(c)))
        {
            Error($"{at}.industryCodes", $"'{code}' is not a GB/T 4754 code (a section letter and 2-4 digits, e.g. C3511).");
        }

        var quantity = ParseQuantity(l.Amount, l.Unit, $"{at}.amount", $"{at}.unit", Error);
        var wards = Clean(l.PreferredWards);
        foreach (var ward in wards.Where(w => !Wards.IsKnown(w)))
        {
            Error($"{at}.preferredWards", $"'{ward}' is not a ward of Shenyang ({string.Join(", ", Wards.All)}).");
        }

        if (l.Deadline is { } deadline && deadline < today)
        {
            Error($"{at}.deadline", "The deadline has passed.");
        }

        return ok
            ? new Listing(newId(), kind, type, l.Title!.Trim(), industries, Clean(l.Processes), quantity!, Clean(l.RequiredCertifications),
                [.. wards.Select(w => w.ToLowerInvariant())], l.Deadline)
            : null;
    }

    private static Quantity? ParseQuantity(decimal? amount, string? unit, string amountField, string unitField, Action<string, string> error)
    {
        var ok = true;
        if (amount is not > 0)
        {
            error(amountField, "A quantity or capacity greater than zero is required.");
            ok = false;
        }

        if (!Quantity.TryParseUnit(unit, out var parsed))
        {
            error(unitField, $"'{unit}' is not a unit of the list: {Quantity.AllowedUnits}.");
            ok = false;
        }

        return ok ? new Quantity(amount!.Value, parsed) : null;
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        [.. (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
}
