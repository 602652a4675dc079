using SmePlatform.Portal.Components.Shared;

namespace SmePlatform.Portal.Components.Pages.Counter;

/// <summary>The English names (the catalogue's keys) of OneStop's case, referral and timeline codes.</summary>
public static class CaseFileWords
{
    public static readonly IReadOnlyList<string> Targets = ["diagnosis", "partnership-matching", "credit-guarantee"];

    public static string Target(string target) => Wire.Key(target) switch
    {
        "diagnosis" => "Enterprise diagnosis",
        "partnershipmatching" => "Partnership matching",
        "creditguarantee" => "Credit guarantee",
        _ => target,
    };

    /// <summary>The service a timeline line came from.</summary>
    public static string Source(string source) => Wire.Key(source) switch
    {
        "onestop" => "One-stop service centre",
        "guarantee" or "creditguarantee" => "Credit guarantee",
        "matching" or "partnershipmatching" => "Partnership matching",
        "diagnosis" => "Enterprise diagnosis",
        _ => source,
    };

    public static string ReferralState(string state) => Wire.Key(state) switch
    {
        "sent" => "Awaiting acceptance",
        "accepted" => "Accepted",
        "inservice" => "In service",
        "outcomerecorded" => "Outcome recorded",
        "declined" => "Declined",
        "cancelled" => "Cancelled",
        _ => state,
    };

    public static string Reply(string kind) => Wire.Key(kind) switch
    {
        "accepted" => "Accepted",
        "declined" => "Declined",
        "servicestarted" => "Service started",
        "outcomereported" => "Outcome reported",
        _ => kind,
    };

    public static string CaseState(string state) => Wire.Key(state) switch
    {
        "received" => "Received",
        "inprogress" => "In progress",
        "waitingfordocuments" => "Waiting for documents",
        "referred" => "Referred",
        "completed" => "Completed",
        "rejected" => "Rejected",
        "withdrawn" => "Withdrawn",
        _ => state,
    };

    /// <summary>What a line of the timeline is about; the service's own words follow it.</summary>
    public static string TimelineKind(string kind) => kind switch
    {
        "enterprise.registered" => "Registered",
        "enterprise.updated" => "Register entry changed",
        "enterprise.reclassified" => "Size class changed",
        "enterprise.deactivated" => "Closed or merged",
        "enterprise.duplicate-confirmed" => "Confirmed not a duplicate",
        "case.opened" => "Case opened",
        "case.consultation" => "Consultation",
        "case.milestone" => "Milestone",
        "case.returnfromreferral" => "Back from referral",
        "referral.sent" => "Referral sent",
        "referral.accept" => "Referral accepted",
        "referral.startservice" => "Service started",
        "referral.recordoutcome" => "Outcome reported",
        "referral.decline" => "Referral declined",
        "referral.cancel" => "Referral cancelled",
        "referral.acceptance-overdue" => "Acceptance overdue",
        "referral.reply-ignored" => "Reply not applied",
        "guarantee.application-submitted" => "Guarantee application",
        "guarantee.decided" => "Guarantee decided",
        "guarantee.issued" => "Guarantee issued",
        "guarantee.repaid" => "Loan repaid",
        "guarantee.defaulted" => "Loan in default",
        "guarantee.claim-paid" => "Claim paid",
        _ when kind.StartsWith("case.", StringComparison.Ordinal) => "Case",
        _ => "Other",
    };
}
