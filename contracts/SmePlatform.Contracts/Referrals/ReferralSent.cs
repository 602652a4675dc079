namespace SmePlatform.Contracts.Referrals;

/// <summary>
/// Counter staff referred a case to another service (the closed loop of docs/domain.md, "One-stop service centre").
/// The receiving service answers with <see cref="ReferralAccepted"/> or <see cref="ReferralDeclined"/>, then
/// <see cref="ReferralServiceStarted"/> and <see cref="ReferralOutcomeReported"/>, always quoting <see cref="ReferralId"/>.
/// </summary>
/// <param name="Target">"credit-guarantee", "diagnosis" or "partnership-matching" (<see cref="ReferralTargets"/>).</param>
/// <param name="Uscc">The enterprise's Unified Social Credit Code, so a receiver needs no lookup to recognise it.</param>
/// <param name="LoanRequest">Only for "credit-guarantee": the loan the enterprise seeks; null otherwise.</param>
/// <param name="OriginService">
/// Null when counter staff sent it; "diagnosis" or "matching" when another service asked the counter's loop for it (an
/// advisor's recommendation, an intermediary's contract), <see cref="SentBy"/> then being that service's person.
/// </param>
/// <param name="OriginReference">What it was started from, in the origin service's terms; null for a counter referral.</param>
public sealed record ReferralSent(
    Guid ReferralId,
    Guid CaseId,
    Guid EnterpriseId,
    string Uscc,
    string EnterpriseName,
    string Ward,
    string Target,
    string Note,
    string SentBy,
    ReferredLoanRequest? LoanRequest,
    DateTimeOffset OccurredAt,
    int Version = 1,
    string? OriginService = null,
    string? OriginReference = null) : IIntegrationEvent;

/// <summary>
/// The loan an enterprise referred to the credit guarantee centre seeks, as taken down at the counter.
/// </summary>
/// <param name="BankId">The partner bank the enterprise chose to borrow from (the fund guarantees bank loans).</param>
/// <param name="LoanAmount">CNY.</param>
/// <param name="InstalmentType">"bullet", "equal_instalments" … as the bank API spells it; null means a bullet loan.</param>
public sealed record ReferredLoanRequest(
    string BankId,
    decimal LoanAmount,
    int TermMonths,
    string Purpose,
    string? InstalmentType = null);

/// <summary>The names of referral targets as they travel in events and URLs.</summary>
public static class ReferralTargets
{
    public const string CreditGuarantee = "credit-guarantee";
    public const string Diagnosis = "diagnosis";
    public const string PartnershipMatching = "partnership-matching";
}
