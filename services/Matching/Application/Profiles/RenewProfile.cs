using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Profiles;

public sealed record RenewProfileRequest(Guid Id);

/// <summary>
/// An intermediary confirms with the enterprise that its published profile still holds and renews it for the configured
/// validity (from the reminder's window on, or after it expired). An expired profile renewed is matched again at once.
/// </summary>
public sealed class RenewProfileHandler(ProfileStore profiles, ConfigurationStore configuration, SuggestionEngine engine, UnitOfWorkFactory units,
    TimeProvider clock)
{
    public const string Title = "The profile cannot be renewed.";

    public async Task<Outcome<ProfileView>> HandleAsync(RenewProfileRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await profiles.FindAsync(request.Id, ct) is not { } found)
        {
            return Refusal.NotFound("No such profile.");
        }

        var now = clock.GetUtcNow();
        var config = await configuration.CurrentAsync(ct);
        var renewed = found.Profile.Renew(now, config.ValidityMonths, config.RenewalReminderDays);
        if (!renewed.Ok)
        {
            return DomainRefusals.From(Title, renewed.Errors);
        }

        await using var unit = await units.BeginAsync(ct);
        if (!await ProfileStore.UpdateAsync(unit, renewed.Value!, found.Version, now, ct))
        {
            return DomainRefusals.ChangedMeanwhile("profile");
        }

        if (!found.Profile.IsLive(now))
        {
            await engine.RecomputeAroundAsync(unit, renewed.Value!, config, now, ct);
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "profile.renewed", "profile", request.Id.ToString(),
            new { found.Profile.ExpiresAt }, new { renewed.Value!.ExpiresAt }), ct);
        await unit.CommitAsync(ct);
        return ProfileView.Of(renewed.Value, now, config.RenewalReminderDays);
    }
}

public sealed record ListRenewalsDueRequest;

/// <summary>A published profile whose renewal is due (the reminder), or that expired and waits for its renewal.</summary>
public sealed record RenewalDueView(Guid ProfileId, string Code, EnterpriseView Enterprise, DateTimeOffset ExpiresAt, bool Expired);

/// <summary>The intermediaries' renewal reminders: published profiles expiring within the reminder's window or expired, soonest first.</summary>
public sealed class ListRenewalsDueHandler(ProfileStore profiles, ConfigurationStore configuration, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<RenewalDueView>>> HandleAsync(ListRenewalsDueRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var config = await configuration.CurrentAsync(ct);
        var due = await profiles.PublishedExpiringBeforeAsync(now.AddDays(config.RenewalReminderDays), ct);
        return due.Select(p => new RenewalDueView(p.Id, p.Code, EnterpriseView.Of(p.Enterprise), p.ExpiresAt!.Value, p.ExpiresAt <= now)).ToArray();
    }
}
