using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Profiles;

public sealed record ReviewProfileRequest(Guid Id);

/// <summary>An intermediary reviews a draft; with the second-reviewer rule it needs two different intermediaries.</summary>
public sealed class ReviewProfileHandler(ProfileStore profiles, ConfigurationStore configuration, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The profile cannot be reviewed.";

    public async Task<Outcome<ProfileView>> HandleAsync(ReviewProfileRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await profiles.FindAsync(request.Id, ct) is not { } found)
        {
            return Refusal.NotFound("No such profile.");
        }

        var config = await configuration.CurrentAsync(ct);
        var reviewed = found.Profile.Review(Viewer.Of(caller).Id, config.ReviewersRequired);
        if (!reviewed.Ok)
        {
            return DomainRefusals.From(Title, reviewed.Errors);
        }

        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(ct);
        if (!await ProfileStore.UpdateAsync(unit, reviewed.Value!, found.Version, now, ct))
        {
            return DomainRefusals.ChangedMeanwhile("profile");
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "profile.reviewed", "profile", request.Id.ToString(),
            new { found.Profile.State, found.Profile.Reviewers }, new { reviewed.Value!.State, reviewed.Value.Reviewers }), ct);
        await unit.CommitAsync(ct);
        return ProfileView.Of(reviewed.Value, now, config.RenewalReminderDays);
    }
}
