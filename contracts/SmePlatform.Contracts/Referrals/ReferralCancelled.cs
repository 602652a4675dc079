namespace SmePlatform.Contracts.Referrals;

/// <summary>
/// Counter staff cancelled a referral (the enterprise no longer needs it, or it was sent in error): the receiving
/// service stops work on it. Replies that still arrive for it are recorded by OneStop and otherwise ignored.
/// </summary>
/// <param name="Target">"credit-guarantee", "diagnosis" or "partnership-matching" (<see cref="ReferralTargets"/>).</param>
public sealed record ReferralCancelled(
    Guid ReferralId,
    Guid CaseId,
    Guid EnterpriseId,
    string Target,
    string Reason,
    string CancelledBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
