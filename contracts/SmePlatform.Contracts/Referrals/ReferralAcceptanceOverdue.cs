namespace SmePlatform.Contracts.Referrals;

/// <summary>
/// Nobody accepted a referral within the configured number of working days of sending it: an alert for the ward's
/// counter staff and the SME Office. Raised once per referral; the referral stays open and can still be accepted.
/// </summary>
/// <param name="Target">"credit-guarantee", "diagnosis" or "partnership-matching" (<see cref="ReferralTargets"/>).</param>
/// <param name="AcceptanceWorkingDays">The number of working days the receiver had to accept.</param>
/// <param name="DueBy">The end of the last working day for acceptance (Asia/Shanghai), as an instant.</param>
public sealed record ReferralAcceptanceOverdue(
    Guid ReferralId,
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string Target,
    DateTimeOffset SentAt,
    int AcceptanceWorkingDays,
    DateTimeOffset DueBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
