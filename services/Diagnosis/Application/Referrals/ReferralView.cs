using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Referrals;

namespace SmePlatform.Diagnosis.Application.Referrals;

/// <summary>A counter referral in the advisors' queue.</summary>
public sealed record ReferralView(
    Guid ReferralId,
    Guid CaseId,
    Guid EnterpriseId,
    string Uscc,
    string EnterpriseName,
    string Ward,
    string Note,
    string SentBy,
    DateTimeOffset SentAt,
    ReferralState State,
    IReadOnlyList<ReferralAction> AllowedActions,
    string? Advisor,
    Guid? DiagnosisId,
    DateTimeOffset UpdatedAt)
{
    public static ReferralView From(ReferralRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var state = Enum.Parse<ReferralState>(r.State);
        return new(r.ReferralId, r.CaseId, r.EnterpriseId, r.Uscc, r.EnterpriseName, r.Ward, r.Note, r.SentBy, r.SentAt, state,
            ReferralWork.Allowed(state), r.Advisor, r.DiagnosisId, r.UpdatedAt);
    }
}

public sealed record ReferralQueue(IReadOnlyList<ReferralView> Referrals);
