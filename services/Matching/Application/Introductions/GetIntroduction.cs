using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Introductions;

public sealed record GetIntroductionRequest(Guid Id);

/// <summary>An introduction, for staff who may see one of its sides' enterprises.</summary>
public sealed class GetIntroductionHandler(ProfileStore profiles, IntroductionStore introductions)
{
    public async Task<Outcome<IntroductionView>> HandleAsync(GetIntroductionRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var viewer = Viewer.Of(caller);
        if (await introductions.FindAsync(request.Id, ct) is not { } found
            || await profiles.FindAsync(found.Introduction.NeedingProfileId, ct) is not { } needing
            || await profiles.FindAsync(found.Introduction.OfferingProfileId, ct) is not { } offering
            || !(viewer.MaySee(needing.Profile.Enterprise.Ward) || viewer.MaySee(offering.Profile.Enterprise.Ward)))
        {
            return Refusal.NotFound("No such introduction.");
        }

        return IntroductionView.Of(found.Introduction, needing.Profile, offering.Profile, viewer, await introductions.CaseOfAsync(request.Id, ct));
    }
}
