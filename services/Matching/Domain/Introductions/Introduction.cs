namespace SmePlatform.Matching.Domain.Introductions;

/// <summary>Which side of an introduction: the enterprise with the need, or the one with the offer.</summary>
public enum Side
{
    Needing,
    Offering,
}

/// <summary>How an enterprise told the intermediary it accepts the introduction.</summary>
public enum AcceptanceChannel
{
    InPerson,
    Phone,
    Email,
    Letter,
    CounterVisit,
}

/// <summary>One side's acceptance: how and when the enterprise gave it, and which intermediary recorded it.</summary>
public sealed record Acceptance(AcceptanceChannel Channel, DateTimeOffset GivenAt, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// An intermediary proposes a need's suggested offer to both enterprises. Each side's acceptance is recorded; the
/// identities are revealed to the enterprises only once both have accepted (the reveal rule, docs/matching-rules.md).
/// </summary>
public sealed record Introduction(
    Guid Id,
    Guid NeedId,
    Guid OfferId,
    Guid NeedingProfileId,
    Guid OfferingProfileId,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    Acceptance? NeedingAcceptance,
    Acceptance? OfferingAcceptance,
    DateTimeOffset? RevealedAt)
{
    /// <summary>The reveal rule: identities only once both sides have accepted.</summary>
    public bool IsRevealed => RevealedAt is not null;

    public Acceptance? AcceptanceOf(Side side) => side == Side.Needing ? NeedingAcceptance : OfferingAcceptance;

    /// <summary>Records a side's acceptance; the second one reveals the identities at <paramref name="now"/>.</summary>
    public Checked<Introduction> Accept(Side side, AcceptanceChannel channel, DateTimeOffset givenAt, string recordedBy, DateTimeOffset now)
    {
        if (AcceptanceOf(side) is { } earlier)
        {
            return new MatchingError("acceptance-already-recorded",
                $"The {side.ToString().ToLowerInvariant()} side's acceptance was already recorded ({earlier.Channel}, {earlier.GivenAt:yyyy-MM-dd}).");
        }

        if (givenAt > now)
        {
            return MatchingError.InField("givenAt", "An acceptance cannot be given in the future.");
        }

        if (givenAt < ProposedAt)
        {
            return MatchingError.InField("givenAt", "An acceptance cannot be given before the introduction was proposed.");
        }

        var acceptance = new Acceptance(channel, givenAt, recordedBy, now);
        var next = side == Side.Needing ? this with { NeedingAcceptance = acceptance } : this with { OfferingAcceptance = acceptance };
        return next.NeedingAcceptance is not null && next.OfferingAcceptance is not null ? next with { RevealedAt = now } : next;
    }
}
