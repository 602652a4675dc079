using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Configuration;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Cases;

public sealed record CaseStepView(CaseStage Stage, string StageZh, DateTimeOffset At, string Actor, string? Documents, DecisionFactor? Reason, string? Note);

public sealed record RatingView(int FollowUpMonths, Side RatedBy, int OnTimeDelivery, int Quality, int Communication, DateTimeOffset RecordedAt);

/// <summary>
/// A guarantee referral an intermediary started from the case's contract, through the one-stop centre's loop: for which
/// side, where it stands (sent, accepted, started, achieved, not_achieved, declined, cancelled) and the receiver's summary.
/// </summary>
public sealed record CaseReferralView(Guid Id, Guid EnterpriseId, string Target, string State, string? Summary, string? ReceiverReference,
    string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt)
{
    public static CaseReferralView From(CaseReferralRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.ReferralId, r.EnterpriseId, r.Target, r.State, r.Summary, r.ReceiverReference, r.RequestedBy, r.RequestedAt, r.UpdatedAt);
    }
}

/// <summary>
/// An intermediated case. A case exists only after both sides accepted, so both enterprises are named; it is stalled when
/// it stayed in its stage longer than the configured limit.
/// </summary>
public sealed record CaseView(Guid Id, Guid IntroductionId, CaseStage Stage, string StageZh, DateTimeOffset StageSince, bool Stalled,
    IReadOnlyList<CaseStepView> Steps, ContractTerms? Contract, decimal FeeCharged, string FeeCurrency, CounterpartView Needing, CounterpartView Offering,
    IReadOnlyList<RatingView> Ratings, IReadOnlyList<CaseReferralView> Referrals)
{
    public static CaseView Of(LoadedCase loaded, IReadOnlyList<FollowUpRating> ratings, StageRules rules, DateTimeOffset now) =>
        Of(loaded.Case, loaded, ratings, rules, now);

    /// <summary>The case <paramref name="c"/> (the loaded one, or as it is after a change) with the loaded sides and referrals.</summary>
    public static CaseView Of(PartnershipCase c, LoadedCase loaded, IReadOnlyList<FollowUpRating> ratings, StageRules rules, DateTimeOffset now) =>
        Of(c, loaded.Needing, loaded.Offering, ratings, rules, now, loaded.Referrals);

    private static CaseView Of(PartnershipCase c, PartneringProfile needing, PartneringProfile offering, IReadOnlyList<FollowUpRating> ratings,
        StageRules rules, DateTimeOffset now, IReadOnlyList<CaseReferralRecord> referrals) => new(
        c.Id, c.IntroductionId, c.Stage, CaseStages.NameZh(c.Stage), c.StageSince, c.IsStalled(now, rules),
        [.. c.Steps.Select(s => new CaseStepView(s.Stage, CaseStages.NameZh(s.Stage), s.At, s.Actor, s.Documents, s.Reason, s.Note))],
        c.Contract, c.FeeCharged, "CNY", CounterpartView.Of(needing, true, true), CounterpartView.Of(offering, true, true),
        [.. ratings.Select(r => new RatingView((int)r.FollowUp, r.RatedBy, r.OnTimeDelivery, r.Quality, r.Communication, r.RecordedAt))],
        [.. referrals.Select(CaseReferralView.From)]);
}
