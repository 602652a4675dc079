using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Profiles;

public sealed record GetProfileRequest(Guid Id);

/// <summary>A profile, for staff who may see its enterprise: another ward's profile is "not found" to counter staff.</summary>
public sealed class GetProfileHandler(ProfileStore profiles, ConfigurationStore configuration, TimeProvider clock)
{
    public async Task<Outcome<ProfileView>> HandleAsync(GetProfileRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await profiles.FindAsync(request.Id, ct) is not { } found || !Viewer.Of(caller).MaySee(found.Profile.Enterprise.Ward))
        {
            return Refusal.NotFound("No such profile.");
        }

        var config = await configuration.CurrentAsync(ct);
        return ProfileView.Of(found.Profile, clock.GetUtcNow(), config.RenewalReminderDays);
    }
}
