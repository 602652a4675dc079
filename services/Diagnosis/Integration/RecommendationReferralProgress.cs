using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Diagnosis.Integration;

/// <summary>The referrals advisors started from recommendations, as the shared reply consumers move them (audited on the diagnosis).</summary>
public sealed class RecommendationReferralProgress : IRequestedReferrals
{
    public async Task<RequestedReferralProgress?> LockAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken) =>
        await RecommendationReferralStore.GetForUpdateAsync(unit, referralId, cancellationToken) is { } r
            ? new RequestedReferralProgress(r.ReferralId, r.State, r.Summary, r.ReceiverReference, r.UpdatedAt)
            : null;

    public async Task SaveAsync(UnitOfWork unit, RequestedReferralProgress before, RequestedReferralProgress after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(after);
        var diagnosisId = await RecommendationReferralStore.UpdateAsync(unit, after, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.System("diagnosis"), "recommendation.referral." + after.State, "diagnosis", diagnosisId.ToString(),
            before, after), cancellationToken);
    }
}
