using System.Security.Cryptography;
using System.Text;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Domain.Delivery;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.Contracts.Matching;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Referrals;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>
/// What each of the other services' events says the programme delivered, as facts (none: the event is not counted).
/// Only what the event itself carries is kept; a ward it lacks is the register's (docs/statistics-rules.md §6).
/// </summary>
public static class DeliveryEvents
{
    public static IReadOnlyList<DeliveryFact> Facts(CaseOpened e) =>
        [new(Domain.Delivery.Facts.CaseOpened, nameof(CaseOpened), e.CaseId, e.EnterpriseId, e.Ward, "", null, null, e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(CaseStateChanged e) => e.To == "Completed"
        ? [new(Domain.Delivery.Facts.CaseCompleted, nameof(CaseStateChanged), e.CaseId, e.EnterpriseId, e.Ward, "", null, null, e.OccurredAt)]
        : [];

    public static IReadOnlyList<DeliveryFact> Facts(CaseOverdue e) =>
        [new(Domain.Delivery.Facts.CaseOverdue, nameof(CaseOverdue), e.CaseId, e.EnterpriseId, e.Ward, "", null, null, e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(ReferralSent e) =>
        [new(Domain.Delivery.Facts.ReferralSent, nameof(ReferralSent), e.ReferralId, e.EnterpriseId, e.Ward, e.Target, null, null, e.OccurredAt)];

    /// <summary>The reply names the referral only: its enterprise and ward are those of the referral_sent fact of the same subject.</summary>
    public static IReadOnlyList<DeliveryFact> Facts(ReferralOutcomeReported e) =>
        [new(Domain.Delivery.Facts.ReferralOutcome, nameof(ReferralOutcomeReported), e.ReferralId, null, null, e.Result, null, null, e.OccurredAt)];

    /// <summary>Counted on the day the milestone was reached (the start of that day in the city), not the day it was recorded.</summary>
    public static IReadOnlyList<DeliveryFact> Facts(CaseMilestoneRecorded e) =>
        [new(Domain.Delivery.Facts.Milestone, nameof(CaseMilestoneRecorded), e.MilestoneId, e.EnterpriseId, e.Ward, e.Kind, e.Jobs, e.AmountCny,
            new DateTimeOffset(e.AchievedOn.ToDateTime(TimeOnly.MinValue), SnapshotPeriods.CityOffset).ToUniversalTime())];

    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeApplicationSubmitted e) =>
        [new(Domain.Delivery.Facts.GuaranteeApplied, nameof(GuaranteeApplicationSubmitted), e.ApplicationId, e.EnterpriseId, null, "", null,
            e.LoanAmount, e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeDecided e) => e.Outcome.StartsWith("approved", StringComparison.Ordinal)
        ? [new(Domain.Delivery.Facts.GuaranteeApproved, nameof(GuaranteeDecided), e.ApplicationId, e.EnterpriseId, null, "", null, e.GuaranteedAmount,
            e.OccurredAt)]
        : [];

    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeIssued e) =>
        [new(Domain.Delivery.Facts.GuaranteeIssued, nameof(GuaranteeIssued), e.ApplicationId, e.EnterpriseId, null, "", null, e.GuaranteedAmount,
            e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeDefaulted e) =>
        [new(Domain.Delivery.Facts.GuaranteeDefaulted, nameof(GuaranteeDefaulted), e.ApplicationId, e.EnterpriseId, null, "", null, e.Outstanding,
            e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeClaimPaid e) =>
        [new(Domain.Delivery.Facts.ClaimPaid, nameof(GuaranteeClaimPaid), e.ApplicationId, e.EnterpriseId, null, "", null, e.Amount, e.OccurredAt)];

    /// <summary>
    /// One application may book several recoveries, each counted: the subject is derived from the application and the
    /// running total, which every booking raises, so a redelivery keeps its subject and a new booking gets another.
    /// </summary>
    public static IReadOnlyList<DeliveryFact> Facts(GuaranteeRecoveryBooked e) =>
        [new(Domain.Delivery.Facts.Recovery, nameof(GuaranteeRecoveryBooked), RecoverySubject(e), e.EnterpriseId, null, "", null, e.Amount,
            e.OccurredAt)];

    public static IReadOnlyList<DeliveryFact> Facts(DiagnosisCompleted e)
    {
        var rank = new DeliveryFact(Domain.Delivery.Facts.DiagnosisRank, nameof(DiagnosisCompleted), e.DiagnosisId, e.EnterpriseId, e.Ward,
            e.Rank ?? "unranked", null, null, e.OccurredAt);
        return e.AssessmentBand is { } band ? [rank, rank with { Fact = Domain.Delivery.Facts.DiagnosisBand, Detail = band }] : [rank];
    }

    /// <summary>An introduction is made when both sides accepted (the reveal): one event per side, one subject.</summary>
    public static IReadOnlyList<DeliveryFact> Facts(IntroductionAccepted e) => e.Revealed
        ? [new(Domain.Delivery.Facts.Introduction, nameof(IntroductionAccepted), e.IntroductionId, e.EnterpriseId, null, "", null, null, e.OccurredAt)]
        : [];

    /// <summary>
    /// One event per side, one subject: the contract and its value count once in the city, once in each side's group. A
    /// value in another currency is counted as a contract but not summed with yuan.
    /// </summary>
    public static IReadOnlyList<DeliveryFact> Facts(PartnershipContractSigned e) =>
        [new(Domain.Delivery.Facts.PartnershipContract, nameof(PartnershipContractSigned), e.CaseId, e.EnterpriseId, null, "", null,
            e.Currency == "CNY" ? e.ContractValue : null, e.OccurredAt)];

    private static Guid RecoverySubject(GuaranteeRecoveryBooked e)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{e.ApplicationId:N}/{e.TotalRecovered}")));
        return new Guid(hash.AsSpan(0, 16));
    }
}
