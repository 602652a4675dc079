namespace SmePlatform.Contracts.Referrals;

/// <summary>The receiving service took the referral on. <paramref name="ReceiverReference"/> is its own id for the work (an application id, a diagnosis id).</summary>
public sealed record ReferralAccepted(
    Guid ReferralId,
    string Target,
    string ReceiverReference,
    string AcceptedBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The receiving service could not take the referral on, and says why in words counter staff can pass on.</summary>
public sealed record ReferralDeclined(
    Guid ReferralId,
    string Target,
    string Reason,
    string DeclinedBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The receiving service started working on the referral (an examiner took the application, a diagnosis began).</summary>
public sealed record ReferralServiceStarted(
    Guid ReferralId,
    string Target,
    string ReceiverReference,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>
/// The referral's outcome: <paramref name="Result"/> is "achieved" (the need was met: a guarantee issued, a diagnosis
/// delivered, a match made) or "not-achieved", with a summary in words.
/// </summary>
public sealed record ReferralOutcomeReported(
    Guid ReferralId,
    string Target,
    string Result,
    string Summary,
    string ReceiverReference,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;

/// <summary>The values of <see cref="ReferralOutcomeReported.Result"/>.</summary>
public static class ReferralResults
{
    public const string Achieved = "achieved";
    public const string NotAchieved = "not-achieved";
}
