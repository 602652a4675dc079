using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Profiles;

/// <summary>
/// A profile follows its enterprise's register entry (OneStop's events, through the inbox): a changed name, code, ward
/// or industry replaces the identity the profile holds, and a move to another ward rescores everything around the
/// profile (distance counts); a closed or merged enterprise's profile is withdrawn and leaves every suggestion. An event
/// older than the identity held (a late delivery) changes nothing; enterprises without a profile are not ours.
/// </summary>
public sealed class FollowRegisterHandler(ProfileStore profiles, ConfigurationStore configuration, SuggestionEngine engine, TimeProvider clock)
{
    public async Task UpdateAsync(UnitOfWork unit, EnterpriseUpdated e, CancellationToken ct)
    {
        if (await profiles.FindRegisteredAsync(e.EnterpriseId, ct) is not { } found || found.RegisterVersion >= e.RowVersion)
        {
            return;
        }

        var before = found.Profile;
        var after = before with { Enterprise = new EnterpriseIdentity(e.EnterpriseId, e.Uscc, e.Name, e.Ward, e.IndustryCode) };
        await WriteAsync(unit, found.Version, before, after, e.RowVersion, "profile.register-followed", ct);
    }

    public async Task WithdrawAsync(UnitOfWork unit, EnterpriseDeactivated e, CancellationToken ct)
    {
        if (await profiles.FindRegisteredAsync(e.EnterpriseId, ct) is not { } found || found.Profile.State == ProfileState.Withdrawn)
        {
            return;
        }

        var because = e.MergedInto is { } survivor ? $"{e.Reason} into {survivor}" : e.Reason;
        await WriteAsync(unit, found.Version, found.Profile, found.Profile.Withdraw(because), found.RegisterVersion, "profile.withdrawn", ct);
    }

    private async Task WriteAsync(UnitOfWork unit, int version, PartneringProfile before, PartneringProfile after, int registerVersion, string action,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await ProfileStore.UpdateFromRegisterAsync(unit, after, version, registerVersion, now, ct))
        {
            // An intermediary changed the profile at this moment: the delivery is retried and reads it again.
            throw new InvalidOperationException($"Profile {after.Id} changed while the register's event was applied; retried.");
        }

        var rescore = before.IsLive(now) != after.IsLive(now)
            || (after.IsLive(now) && !string.Equals(before.Enterprise.Ward, after.Enterprise.Ward, StringComparison.Ordinal));
        if (rescore)
        {
            await engine.RecomputeAroundAsync(unit, after, await configuration.CurrentAsync(ct), now, ct);
        }

        await unit.AuditAsync(new AuditEntry(Actor.System("matching"), action, "profile", after.Id.ToString(),
            new { before.State, before.Enterprise.Ward, before.Enterprise.IndustryCode },
            new { after.State, after.Enterprise.Ward, after.Enterprise.IndustryCode, after.WithdrawnBecause, registerVersion, rescored = rescore }), ct);
    }
}
