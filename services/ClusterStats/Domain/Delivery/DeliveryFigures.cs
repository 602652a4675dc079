namespace SmePlatform.ClusterStats.Domain.Delivery;

/// <summary>How a figure is measured over its facts: subjects counted once, or a quantity or an amount summed once per subject.</summary>
public enum DeliveryMeasure
{
    Count,
    Quantity,
    Amount,
}

/// <summary>
/// One figure of programme delivery: the fact it counts, restricted to one <see cref="Detail"/> (jobs-created of the
/// milestones) or broken down by every detail (<see cref="ByDetail"/>: referrals by target, diagnoses by rank).
/// </summary>
public sealed record DeliveryFigure(string Name, string Fact, DeliveryMeasure Measure, string Unit, string? Detail = null, bool ByDetail = false);

/// <summary>The figures programme delivery answers, in the order they are shown; net loss is derived from two of them.</summary>
public static class DeliveryFigures
{
    public const string ClaimsPaid = "claims_paid_cny";
    public const string Recoveries = "recoveries_cny";
    public const string NetLoss = "net_loss_cny";

    public static readonly IReadOnlyList<DeliveryFigure> All =
    [
        new("cases_opened", Facts.CaseOpened, DeliveryMeasure.Count, "cases"),
        new("cases_completed", Facts.CaseCompleted, DeliveryMeasure.Count, "cases"),
        new("cases_overdue", Facts.CaseOverdue, DeliveryMeasure.Count, "cases"),
        new("referrals_sent", Facts.ReferralSent, DeliveryMeasure.Count, "referrals", ByDetail: true),
        new("referral_outcomes", Facts.ReferralOutcome, DeliveryMeasure.Count, "referrals", ByDetail: true),
        new("milestones", Facts.Milestone, DeliveryMeasure.Count, "milestones", ByDetail: true),
        new("jobs_created", Facts.Milestone, DeliveryMeasure.Quantity, "persons", "jobs-created"),
        new("capital_raised_cny", Facts.Milestone, DeliveryMeasure.Amount, "CNY", "capital-raised"),
        new("sales_increase_cny", Facts.Milestone, DeliveryMeasure.Amount, "CNY", "sales-increase"),
        new("guarantee_applications", Facts.GuaranteeApplied, DeliveryMeasure.Count, "applications"),
        new("loans_requested_cny", Facts.GuaranteeApplied, DeliveryMeasure.Amount, "CNY"),
        new("guarantees_approved", Facts.GuaranteeApproved, DeliveryMeasure.Count, "applications"),
        new("guarantees_approved_cny", Facts.GuaranteeApproved, DeliveryMeasure.Amount, "CNY"),
        new("guarantees_issued", Facts.GuaranteeIssued, DeliveryMeasure.Count, "guarantees"),
        new("guarantees_issued_cny", Facts.GuaranteeIssued, DeliveryMeasure.Amount, "CNY"),
        new("guarantee_defaults", Facts.GuaranteeDefaulted, DeliveryMeasure.Count, "guarantees"),
        new("outstanding_at_default_cny", Facts.GuaranteeDefaulted, DeliveryMeasure.Amount, "CNY"),
        new(ClaimsPaid, Facts.ClaimPaid, DeliveryMeasure.Amount, "CNY"),
        new(Recoveries, Facts.Recovery, DeliveryMeasure.Amount, "CNY"),
        new("diagnoses_by_rank", Facts.DiagnosisRank, DeliveryMeasure.Count, "diagnoses", ByDetail: true),
        new("diagnoses_by_band", Facts.DiagnosisBand, DeliveryMeasure.Count, "diagnoses", ByDetail: true),
        new("introductions", Facts.Introduction, DeliveryMeasure.Count, "introductions"),
        new("partnership_contracts", Facts.PartnershipContract, DeliveryMeasure.Count, "contracts"),
        new("partnership_contract_value_cny", Facts.PartnershipContract, DeliveryMeasure.Amount, "CNY"),
    ];
}
