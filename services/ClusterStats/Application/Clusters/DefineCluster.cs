using System.Globalization;
using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Application.Clusters;

/// <summary>
/// A new cluster (<see cref="ClusterDraft.BasedOnVersion"/> absent) or a new version of one (it names the latest version
/// the SME Office read): every field checked at once, members against the register, nothing stored on any error; audited.
/// </summary>
public sealed class DefineClusterHandler(ClusterStore store, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The cluster was not saved.";

    public async Task<Outcome<ClusterView>> HandleAsync(ClusterDraft draft, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var known = await store.KnownEnterprisesAsync([.. (draft.Members ?? []).Select(m => m?.EnterpriseId).OfType<Guid>().Distinct()], cancellationToken);

        await using var unit = await units.BeginAsync(cancellationToken);
        var latest = draft.Id is null ? null : await ClusterStore.LockLatestAsync(unit, draft.Id, cancellationToken);
        if (latest is not null && draft.BasedOnVersion is null)
        {
            return Refusal.Conflict("cluster-exists", Title,
                $"Cluster {latest.ClusterId} exists (latest version {latest.Version}): to change it, post a new version with basedOnVersion {latest.Version}.");
        }

        if (latest is null && draft.BasedOnVersion is not null && draft.Id is not null)
        {
            return new Refusal("not-found", RefusalKind.NotFound, Title, $"There is no cluster {draft.Id} to make a new version of: omit basedOnVersion to create it.");
        }

        if (latest is not null && draft.BasedOnVersion != latest.Version)
        {
            return Refusal.Stale(Title, $"Cluster {latest.ClusterId} is at version {latest.Version}: read it again and base the new version on it.")
                .With("currentVersion", latest.Version);
        }

        var (definition, problems) = draft.Validate(latest);
        var errors = new FieldErrors();
        foreach (var (field, message) in problems)
        {
            errors.Add(field, message);
        }

        var members = draft.Members ?? [];
        for (var i = 0; i < members.Count; i++)
        {
            errors.AddIf(members[i]?.EnterpriseId is { } id && id != Guid.Empty && !known.Contains(id), $"members[{i}].enterpriseId",
                "This enterprise is not in the register.");
        }

        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var actor = Actor.From(caller);
        if (!await ClusterStore.AddAsync(unit, definition!, clock.GetUtcNow(), actor.Id, cancellationToken))
        {
            return Refusal.Conflict("cluster-exists", Title, $"Cluster {definition!.ClusterId} was just created by someone else: read it and post a new version.");
        }

        await unit.AuditAsync(new AuditEntry(actor, "stats.cluster-defined", "cluster",
            $"{definition!.ClusterId}/{definition.Version.ToString(CultureInfo.InvariantCulture)}", latest, definition), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return ClusterView.From([.. await store.AllAsync(definition.ClusterId, cancellationToken)], SnapshotPeriods.Today(clock.GetUtcNow()), withMembers: true);
    }
}
