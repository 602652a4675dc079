using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Referrals;

public sealed record ListReferralsRequest;

/// <summary>The open counter referrals, oldest first: the intermediaries' queue.</summary>
public sealed class ListReferralsHandler(ReferralStore referrals)
{
    public async Task<Outcome<IReadOnlyList<ReferralView>>> HandleAsync(ListReferralsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var viewer = Viewer.Of(caller);
        var rows = await referrals.OpenAsync(viewer.CityWide ? null : viewer.Ward, ct);
        return rows.Select(ReferralView.Of).ToArray();
    }
}
