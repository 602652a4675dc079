using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Introductions;

public sealed record AcceptanceView(AcceptanceChannel Channel, DateTimeOffset GivenAt, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>One side of an introduction: the enterprise as the viewer may see it, and its acceptance if given.</summary>
public sealed record PartyView(Side Side, CounterpartView Party, AcceptanceView? Acceptance);

/// <summary>
/// An introduction: for enterprise-facing viewers both sides are anonymous codes until both have accepted (the viewer
/// may act for either); intermediaries and the SME Office always see the identities.
/// </summary>
public sealed record IntroductionView(Guid Id, Guid NeedId, Guid OfferId, PartyView Needing, PartyView Offering, bool Revealed,
    DateTimeOffset? RevealedAt, Guid? CaseId)
{
    public static IntroductionView Of(Introduction i, PartneringProfile needing, PartneringProfile offering, Viewer viewer, Guid? caseId)
    {
        var show = viewer.SeesIdentity(i.IsRevealed);
        return new IntroductionView(i.Id, i.NeedId, i.OfferId,
            new PartyView(Side.Needing, CounterpartView.Of(needing, i.IsRevealed, show), Of(i.NeedingAcceptance)),
            new PartyView(Side.Offering, CounterpartView.Of(offering, i.IsRevealed, show), Of(i.OfferingAcceptance)),
            i.IsRevealed, i.RevealedAt, caseId);
    }

    private static AcceptanceView? Of(Acceptance? a) => a is null ? null : new AcceptanceView(a.Channel, a.GivenAt, a.RecordedBy, a.RecordedAt);
}
