using System.Security.Claims;
using System.Text.Json.Nodes;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Timeline;

/// <summary>The credit guarantee centre's lines on the timeline: their source, and how a decline's line begins.</summary>
public static class GuaranteeTimeline
{
    public const string Source = "credit-guarantee";

    /// <summary>Every decline's line begins so (written by the consumer, read by <see cref="CreditNeedToKnow"/>).</summary>
    public const string Declined = "Guarantee declined";
}

/// <summary>How much of an enterprise's credit a timeline reader sees.</summary>
public enum CreditView
{
    /// <summary>Everything: applications, decisions, amounts, banks, defaults, claims, recoveries.</summary>
    Details,

    /// <summary>That a guarantee was applied for, and its outcome (issued or declined): nothing more.</summary>
    Outline,
}

/// <summary>
/// Credit details (banks, amounts, terms, reasons, defaults, claims, recoveries) are for those who need them to do
/// their work: examiners, the SME Office and administrators. Every other reader of the timeline (counter staff,
/// intermediaries, advisors) sees the outline: a guarantee was applied for, and it was issued or declined.
/// </summary>
public static class CreditNeedToKnow
{
    public static readonly IReadOnlyList<string> DetailReaders = [Roles.Examiner, Roles.SmeOffice, Roles.Admin];

    /// <summary>The centre's lines an outline reader may see (declines among the decisions only); the query leaves the rest out.</summary>
    public static readonly IReadOnlyList<string> OutlineKinds = ["guarantee.application-submitted", "guarantee.decided", "guarantee.issued"];

    /// <summary>What a referral to the centre carries that is credit detail: the loan asked for, the clerk's note, reasons, the outcome's words.</summary>
    private static readonly string[] ReferralCreditFields = ["loanRequest", "note", "reason"];

    public static CreditView For(ClaimsPrincipal caller) =>
        caller.PlatformRoles().Any(DetailReaders.Contains) ? CreditView.Details : CreditView.Outline;

    /// <summary>
    /// The line as an outline reader sees it, or null when it is not theirs to see. The centre's own lines say only
    /// what happened; a referral to the centre keeps who sent it and what became of it, without the loan or reasons.
    /// </summary>
    public static TimelineRow? Outline(TimelineRow row)
    {
        if (row.Source == GuaranteeTimeline.Source)
        {
            return row.Kind switch
            {
                "guarantee.application-submitted" => row with { Summary = "A guarantee was applied for." },
                "guarantee.decided" when row.Summary?.StartsWith(GuaranteeTimeline.Declined, StringComparison.Ordinal) == true =>
                    row with { Summary = "The guarantee was declined." },
                "guarantee.issued" => row with { Summary = "The guarantee was issued." },
                _ => null,
            };
        }

        if (row.Details is null || !row.Kind.StartsWith("referral.", StringComparison.Ordinal) ||
            JsonNode.Parse(row.Details) is not JsonObject details ||
            !(details["target"] is JsonValue target && target.TryGetValue<string>(out var name) && IsCreditGuarantee(name)))
        {
            return row;
        }

        foreach (var field in ReferralCreditFields)
        {
            details.Remove(field);
        }

        if (details["outcome"] is JsonObject outcome)
        {
            details["outcome"] = new JsonObject { ["result"] = outcome["result"]?.DeepClone() };
        }

        details.Remove("summary");
        return row with { Details = details.ToJsonString() };
    }

    private static bool IsCreditGuarantee(string target) =>
        target == nameof(ReferralTarget.CreditGuarantee) || target == ReferralStore.ToWire(ReferralTarget.CreditGuarantee);}
