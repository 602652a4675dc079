using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Profiles;

public sealed record EnterpriseView(Guid EnterpriseId, string Uscc, string Name, string Ward, string IndustryCode)
{
    public static EnterpriseView Of(EnterpriseIdentity e) => new(e.EnterpriseId, e.Uscc, e.Name, e.Ward, e.IndustryCode);
}

public sealed record ProcessView(string Name, string? Equipment, decimal Capacity, CapacityUnit Unit);

public sealed record ListingView(Guid Id, ListingKind Kind, PartnershipType Type, string Title, IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> Processes, decimal Amount, CapacityUnit Unit, IReadOnlyList<string> RequiredCertifications,
    IReadOnlyList<string> PreferredWards, DateOnly? Deadline)
{
    public static ListingView Of(Listing l) => new(l.Id, l.Kind, l.Type, l.Title, l.IndustryCodes, l.Processes, l.Quantity.Amount, l.Quantity.Unit,
        l.RequiredCertifications, l.PreferredWards, l.Deadline);
}

/// <summary>A partnering profile with its enterprise's identity (shown to staff who may see the enterprise itself).</summary>
public sealed record ProfileView(
    Guid Id, string Code, EnterpriseView Enterprise, string Outline, IReadOnlyList<string> Products, IReadOnlyList<ProcessView> Processes,
    IReadOnlyList<string> Certifications, string? ExportExperience, IReadOnlyList<string> Languages, IReadOnlyList<ListingView> Listings,
    IReadOnlyList<Guid> NeedIds, IReadOnlyList<Guid> OfferIds, ProfileState State, IReadOnlyList<string> Reviewers, DateTimeOffset? PublishedAt,
    DateTimeOffset? ExpiresAt, bool RenewalDue)
{
    public static ProfileView Of(PartneringProfile p, DateTimeOffset now, int reminderDays) => new(
        p.Id, p.Code, EnterpriseView.Of(p.Enterprise), p.Outline, p.Products,
        [.. p.Processes.Select(x => new ProcessView(x.Name, x.Equipment, x.Capacity.Amount, x.Capacity.Unit))],
        p.Certifications, p.ExportExperience, p.Languages, [.. p.Listings.Select(ListingView.Of)],
        [.. p.Needs.Select(l => l.Id)], [.. p.Offers.Select(l => l.Id)], p.State, p.Reviewers, p.PublishedAt, p.ExpiresAt,
        p.RenewalDue(now, reminderDays));
}

/// <summary>
/// A counterpart as an enterprise-facing view may show it before the reveal: its anonymous code, ward, industries,
/// capacities and certifications, never its name, code, address, phone or representative. <see cref="Identity"/> is
/// set only for viewers who may see it (city staff, or anyone once revealed).
/// </summary>
public sealed record CounterpartView(string Code, string Ward, IReadOnlyList<string> IndustryCodes, IReadOnlyList<ProcessView> Capacities,
    IReadOnlyList<string> Certifications, bool Revealed, EnterpriseView? Identity)
{
    public static CounterpartView Of(PartneringProfile p, bool revealed, bool showIdentity) => new(
        p.Code, p.Enterprise.Ward, [.. p.Listings.SelectMany(l => l.IndustryCodes).Distinct(StringComparer.Ordinal)],
        [.. p.Processes.Select(x => new ProcessView(x.Name, x.Equipment, x.Capacity.Amount, x.Capacity.Unit))], p.Certifications, revealed,
        showIdentity ? EnterpriseView.Of(p.Enterprise) : null);
}
