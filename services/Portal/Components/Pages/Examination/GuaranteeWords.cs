using SmePlatform.Portal.Components.Shared;

namespace SmePlatform.Portal.Components.Pages.Examination;

/// <summary>The English names (the catalogue's keys) of the guarantee workflow's values.</summary>
public static class GuaranteeWords
{
    public static string Status(string status) => Wire.Key(status) switch
    {
        "submitted" => "Submitted",
        "screening" => "Screening",
        "underexamination" => "Under examination",
        "moreinformationrequested" => "More information requested",
        "approved" => "Approved",
        "approvedwithconditions" => "Approved with conditions",
        "declined" => "Declined",
        "withdrawn" => "Withdrawn",
        "issued" => "Issued",
        "active" => "Active",
        "repaid" => "Repaid",
        "defaulted" => "Defaulted",
        "claimfiled" => "Claim filed",
        "claimpaid" => "Claim paid",
        "recoveriesbooked" => "Recoveries booked",
        "closed" => "Closed",
        _ => status,
    };

    public static string Outcome(string outcome) => Wire.Key(outcome) switch
    {
        "approve" or "approved" => "Approve",
        "approvewithconditions" or "approvedwithconditions" => "Approve with conditions",
        "decline" or "declined" => "Decline",
        "requestinformation" => "Ask the bank for information",
        _ => outcome,
    };

    public static string Diagnosis(string status) => Wire.Key(status) switch
    {
        "notconsented" => "Not consented: the decision does not use a diagnosis",
        "noneavailable" => "No diagnosis available",
        "tooold" => "The latest diagnosis is too old to use",
        "used" => "Used in the decision",
        _ => status,
    };
}
