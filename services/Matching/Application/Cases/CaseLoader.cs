using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Cases;

/// <summary>A case with its introduction, both profiles and the referrals started from it, as every case use case reads it.</summary>
public sealed record LoadedCase(PartnershipCase Case, Introduction Introduction, PartneringProfile Needing, PartneringProfile Offering,
    IReadOnlyList<CaseReferralRecord> Referrals);

public sealed class CaseLoader(ProfileStore profiles, IntroductionStore introductions, CaseReferralStore referrals)
{
    /// <summary>The case, or null when it does not exist or <paramref name="viewer"/> may see neither side's enterprise.</summary>
    public async Task<LoadedCase?> LoadAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        if (await introductions.FindCaseAsync(id, ct) is not { } found
            || await introductions.FindAsync(found.Case.IntroductionId, ct) is not { } introduction
            || await profiles.FindAsync(introduction.Introduction.NeedingProfileId, ct) is not { } needing
            || await profiles.FindAsync(introduction.Introduction.OfferingProfileId, ct) is not { } offering)
        {
            return null;
        }

        return viewer.MaySee(needing.Profile.Enterprise.Ward) || viewer.MaySee(offering.Profile.Enterprise.Ward)
            ? new LoadedCase(found.Case, introduction.Introduction, needing.Profile, offering.Profile, await referrals.ListAsync(id, ct))
            : null;
    }
}
