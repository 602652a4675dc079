using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Profiles;

public sealed record PublishProfileRequest(Guid Id);

/// <summary>
/// An intermediary publishes a reviewed profile for the configured validity. Its needs get suggestions, and the needs its
/// offers could answer get theirs recomputed, in the same transaction: a published profile is matched at once.
/// </summary>
public sealed class PublishProfileHandler(ProfileStore profiles, ConfigurationStore configuration, SuggestionEngine engine, UnitOfWorkFactory units,
    TimeProvider clock)
{
    public const string Title = "The profile cannot be published.";

    public async Task<Outcome<ProfileView>> HandleAsync(PublishProfileRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await profiles.FindAsync(request.Id, ct) is not { } found)
        {
            return Refusal.NotFound("No such profile.");
        }

        var now = clock.GetUtcNow();
        var config = await configuration.CurrentAsync(ct);
        var published = found.Profile.Publish(now, config.ValidityMonths);
        if (!published.Ok)
        {
            return DomainRefusals.From(Title, published.Errors);
        }

        await using var unit = await units.BeginAsync(ct);
        if (!await ProfileStore.UpdateAsync(unit, published.Value!, found.Version, now, ct))
        {
            return DomainRefusals.ChangedMeanwhile("profile");
        }

        await engine.RecomputeAroundAsync(unit, published.Value!, config, now, ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "profile.published", "profile", request.Id.ToString(),
            new { found.Profile.State }, new { published.Value!.State, published.Value.ExpiresAt }), ct);
        await unit.CommitAsync(ct);
        return ProfileView.Of(published.Value, now, config.RenewalReminderDays);
    }
}
