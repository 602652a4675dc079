using SmePlatform.Matching.Data;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Referrals;

/// <summary>
/// A counter referral in the intermediaries' queue (the enterprise is named: intermediaries and the SME Office see identities).
/// The state is stored as the member's name (Queued) and answered in the wire style (queued).
/// </summary>
public sealed record ReferralView(Guid ReferralId, Guid EnterpriseId, string Uscc, string EnterpriseName, string Ward, string Note, string SentBy,
    DateTimeOffset SentAt, string State, string? TakenBy, string? Result)
{
    public static ReferralView Of(ReferralRow r) =>
        new(r.ReferralId, r.EnterpriseId, r.Uscc, r.EnterpriseName, r.Ward, r.Note, r.SentBy, r.SentAt, WireNames.Convert(r.State), r.TakenBy, r.Result);
}
