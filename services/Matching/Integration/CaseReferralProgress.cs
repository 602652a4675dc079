using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Matching.Integration;

/// <summary>The guarantee referrals intermediaries started from contracts, as the shared reply consumers move them (audited on the case).</summary>
public sealed class CaseReferralProgress : IRequestedReferrals
{
    public async Task<RequestedReferralProgress?> LockAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        await CaseReferralStore.GetForUpdateAsync(unit, referralId, cancellationToken) is { } r
            ? new RequestedReferralProgress(r.ReferralId, r.State, r.Summary, r.ReceiverReference, r.UpdatedAt)
            : null;

    public async Task SaveAsync(UnitOfWork unit, RequestedReferralProgress before, RequestedReferralProgress after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(after);
        var caseId = await CaseReferralStore.UpdateAsync(unit, after, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.System("matching"), "case.referral." + after.State, "case", caseId.ToString(), before, after),
            cancellationToken);
    }
}
