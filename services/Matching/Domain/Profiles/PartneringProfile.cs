namespace SmePlatform.Matching.Domain.Profiles;

public enum ProfileState
{
    Draft,
    Reviewed,
    Published,

    /// <summary>The enterprise left the register (closed, or merged into another): never matched again.</summary>
    Withdrawn,
}

/// <summary>A process the enterprise runs, with its equipment and the capacity it can give ("CNC machining, 2,000 machine-hours a month").</summary>
public sealed record ProcessCapacity(string Name, string? Equipment, Quantity Capacity);

/// <summary>What the register says of the enterprise: the profile's identity, which only intermediaries and the revealed counterpart see.</summary>
public sealed record EnterpriseIdentity(Guid EnterpriseId, string Uscc, string Name, string Ward, string IndustryCode);

/// <summary>Either a need (what the enterprise looks for) or an offer (what it can give).</summary>
public enum ListingKind
{
    Need,
    Offer,
}

/// <summary>A typed need or offer of a profile.</summary>
/// <param name="Quantity">For a need the quantity sought, for an offer the capacity given.</param>
/// <param name="PreferredWards">Only for needs: where the enterprise would like its partner to be (empty: anywhere).</param>
public sealed record Listing(
    Guid Id,
    ListingKind Kind,
    PartnershipType Type,
    string Title,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> Processes,
    Quantity Quantity,
    IReadOnlyList<string> RequiredCertifications,
    IReadOnlyList<string> PreferredWards,
    DateOnly? Deadline);

/// <summary>
/// The partnering profile of one enterprise of the register: drafted, reviewed (by two different intermediaries when the
/// configuration asks for it), published until it expires. Only a published, unexpired profile is matched.
/// </summary>
public sealed record PartneringProfile(
    Guid Id,
    string Code,
    EnterpriseIdentity Enterprise,
    string Outline,
    IReadOnlyList<string> Products,
    IReadOnlyList<ProcessCapacity> Processes,
    IReadOnlyList<string> Certifications,
    string? ExportExperience,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Listing> Listings,
    ProfileState State,
    string DraftedBy,
    IReadOnlyList<string> Reviewers,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>Why the profile was withdrawn (the register's reason: closure or merger), when it was.</summary>
    public string? WithdrawnBecause { get; init; }

    public bool IsLive(DateTimeOffset now) => State == ProfileState.Published && ExpiresAt is { } expires && now < expires;

    /// <summary>Renewal is due within this many days of expiry (the reminder's window).</summary>
    public bool RenewalDue(DateTimeOffset now, int reminderDays) =>
        IsLive(now) && ExpiresAt!.Value - now <= TimeSpan.FromDays(reminderDays);

    /// <summary>
    /// An intermediary's review. With <paramref name="reviewersRequired"/> of two, the second review must come from another
    /// intermediary than the first, and neither may be the drafter's own when two are required (four eyes).
    /// </summary>
    public Checked<PartneringProfile> Review(string reviewer, int reviewersRequired)
    {
        if (State != ProfileState.Draft)
        {
            return new MatchingError("profile-not-in-draft", $"The profile is {State}; only a draft is reviewed.");
        }

        if (Reviewers.Contains(reviewer, StringComparer.Ordinal))
        {
            return new MatchingError("already-reviewed", "This intermediary has already reviewed the profile; the configuration asks for another reviewer.");
        }

        if (reviewersRequired > 1 && string.Equals(reviewer, DraftedBy, StringComparison.Ordinal))
        {
            return new MatchingError("reviewer-is-drafter", "The configuration asks for a review by intermediaries other than the one who drafted the profile.");
        }

        var reviewers = Reviewers.Append(reviewer).ToArray();
        return this with { Reviewers = reviewers, State = reviewers.Length >= reviewersRequired ? ProfileState.Reviewed : ProfileState.Draft };
    }

    /// <summary>Publishes a reviewed profile until <paramref name="now"/> plus <paramref name="validityMonths"/>.</summary>
    public Checked<PartneringProfile> Publish(DateTimeOffset now, int validityMonths)
    {
        if (State != ProfileState.Reviewed)
        {
            return new MatchingError("profile-not-reviewed", State == ProfileState.Published
                ? "The profile is already published."
                : $"The profile has {Reviewers.Count} review(s); it is published once reviewed.");
        }

        return this with { State = ProfileState.Published, PublishedAt = now, ExpiresAt = now.AddMonths(validityMonths) };
    }

    /// <summary>The register says the enterprise closed or merged: the profile leaves matching for good, whatever its state.</summary>
    public PartneringProfile Withdraw(string because) => this with { State = ProfileState.Withdrawn, WithdrawnBecause = because };

    /// <summary>
    /// An intermediary confirms a published profile is still accurate: it is matched for another <paramref name="validityMonths"/>
    /// from <paramref name="now"/>. Renewal is due once the reminder's window opened (or the profile expired), not before: an
    /// annual confirmation that could be given any day would confirm nothing.
    /// </summary>
    public Checked<PartneringProfile> Renew(DateTimeOffset now, int validityMonths, int reminderDays)
    {
        if (State != ProfileState.Published)
        {
            return new MatchingError("profile-not-published", $"The profile is {State}; only a published profile is renewed.");
        }

        if (ExpiresAt is { } expires && expires - now > TimeSpan.FromDays(reminderDays))
        {
            return new MatchingError("renewal-not-due", $"The profile is valid until {expires:yyyy-MM-dd}; it is renewed from {expires.AddDays(-reminderDays):yyyy-MM-dd} on.");
        }

        return this with { ExpiresAt = now.AddMonths(validityMonths) };
    }

    public IEnumerable<Listing> Needs => Listings.Where(l => l.Kind == ListingKind.Need);

    public IEnumerable<Listing> Offers => Listings.Where(l => l.Kind == ListingKind.Offer);

    /// <summary>The type the anonymous code shows: the first offer's, else the first need's.</summary>
    public static PartnershipType CodeType(IReadOnlyList<Listing> listings) =>
        (listings.FirstOrDefault(l => l.Kind == ListingKind.Offer) ?? listings[0]).Type;
}

/// <summary>The anonymous code a counterpart is known by before the reveal: SY-OEM-2026-0042.</summary>
public static class ProfileCode
{
    public static string Format(PartnershipType type, int year, long sequence) =>
        $"SY-{PartnershipTypes.Abbreviation(type)}-{year:0000}-{sequence:0000}";
}
