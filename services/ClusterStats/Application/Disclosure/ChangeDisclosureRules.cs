using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Application.Disclosure;

/// <param name="ExpectedVersion">From If-Match: the version the change builds on.</param>
/// <param name="MinimumEnterprises">Cells with fewer enterprises are withheld (2-100).</param>
/// <param name="DominanceShare">Cells where one enterprise holds this share or more of employment or revenue are withheld (0.5-1].</param>
public sealed record ChangeDisclosureRulesRequest(int ExpectedVersion, int? MinimumEnterprises, decimal? DominanceShare);

/// <summary>A new version of the thresholds (the SME Office's decision), audited; the old versions stay.</summary>
public sealed class ChangeDisclosureRulesHandler(UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The disclosure thresholds were not changed.";

    public async Task<Outcome<DisclosureRules>> HandleAsync(ChangeDisclosureRulesRequest request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors()
            .AddIf(request.MinimumEnterprises is null, "minimumEnterprises", "The minimum number of enterprises per cell is required.")
            .AddIf(request.DominanceShare is null, "dominanceShare", "The dominance share is required (e.g. 0.8).");
        var proposed = new DisclosureRules(request.ExpectedVersion + 1, request.MinimumEnterprises ?? 3, request.DominanceShare ?? 0.8m);
        foreach (var (field, problem) in proposed.Problems())
        {
            errors.AddIf(request.MinimumEnterprises is not null && request.DominanceShare is not null, field, problem);
        }

        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        var current = await DisclosureRulesStore.LockCurrentAsync(unit, cancellationToken);
        if (current.Version != request.ExpectedVersion)
        {
            return EntityVersions.Changed("disclosure rules", current.Version);
        }

        var actor = Actor.From(caller);
        await DisclosureRulesStore.AddAsync(unit, proposed, clock.GetUtcNow(), actor.Id, cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "stats.disclosure-rules-changed", "disclosure-rules", proposed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            current, proposed), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return proposed;
    }
}
