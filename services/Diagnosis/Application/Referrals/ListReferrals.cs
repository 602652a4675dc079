using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Referrals;

namespace SmePlatform.Diagnosis.Application.Referrals;

public sealed record ListReferralsRequest(ReferralState? State);

/// <summary>The advisors' queue of counter referrals, oldest first (at most 500), optionally of one state.</summary>
public sealed class ListReferralsHandler(ReferralStore referrals)
{
    public async Task<Outcome<ReferralQueue>> HandleAsync(ListReferralsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rows = await referrals.ListAsync(request.State?.ToString(), ct);
        return new ReferralQueue([.. rows.Select(ReferralView.From)]);
    }
}
