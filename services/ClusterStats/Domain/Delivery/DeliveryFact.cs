namespace SmePlatform.ClusterStats.Domain.Delivery;

/// <summary>
/// One thing the programme delivered, as an event of another service reported it. <see cref="SubjectId"/> is what a
/// figure counts once (the case, the referral, the guarantee application, the partnership case); <see cref="Ward"/> is
/// the event's own, or null when the event carries none (the register's ward is used then); <see cref="EnterpriseId"/>
/// is null only for a referral's replies (the referral names the enterprise).
/// </summary>
public sealed record DeliveryFact(
    string Fact,
    string EventKind,
    Guid SubjectId,
    Guid? EnterpriseId,
    string? Ward,
    string Detail,
    long? Quantity,
    decimal? Amount,
    DateTimeOffset OccurredAt);

/// <summary>The facts the delivery figures are counted from (the <c>fact</c> column).</summary>
public static class Facts
{
    public const string CaseOpened = "case_opened";
    public const string CaseCompleted = "case_completed";
    public const string CaseOverdue = "case_overdue";
    public const string ReferralSent = "referral_sent";
    public const string ReferralOutcome = "referral_outcome";
    public const string Milestone = "milestone";
    public const string GuaranteeApplied = "guarantee_applied";
    public const string GuaranteeApproved = "guarantee_approved";
    public const string GuaranteeIssued = "guarantee_issued";
    public const string GuaranteeDefaulted = "guarantee_defaulted";
    public const string ClaimPaid = "claim_paid";
    public const string Recovery = "recovery";
    public const string DiagnosisRank = "diagnosis_rank";
    public const string DiagnosisBand = "diagnosis_band";
    public const string Introduction = "introduction";
    public const string PartnershipContract = "partnership_contract";
}
