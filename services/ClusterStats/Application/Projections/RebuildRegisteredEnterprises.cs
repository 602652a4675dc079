using SmePlatform.Application;
using SmePlatform.ClusterStats.Clients;
using SmePlatform.ClusterStats.Data;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Application.Projections;

/// <summary>What a rebuild did: enterprises read from the register, and rows of the projection it changed (added or corrected).</summary>
public sealed record RebuildResult(int Scanned, int Changed);

/// <summary>
/// Rebuilds <c>registered_enterprises</c> from OneStop's register: what an operator runs after restoring a backup, or
/// when events may have been lost. Idempotent (each entry is applied as the register's state at the time of the read, and older states never win), resumable in effect (every batch commits on
/// its own), safe next to the live consumer (both write the same facts). It acts with the operator's own token
/// (the authorization HandleAsync is given), never with more.
/// </summary>
public sealed class RebuildRegisteredEnterprisesHandler(OneStopRegister register, UnitOfWorkFactory units, TimeProvider clock,
    ILogger<RebuildRegisteredEnterprisesHandler> logger)
{
    /// <summary>Rows per upsert statement and transaction.</summary>
    public const int BatchSize = 500;

    public async Task<Outcome<RebuildResult>> HandleAsync(string authorization, CancellationToken cancellationToken)
    {
        var (scanned, changed) = (0, 0);
        var pageToken = string.Empty;
        do
        {
            var page = await register.ReadPageAsync(pageToken, authorization, clock.GetUtcNow(), cancellationToken);
            if (page.Refusal is { } refusal)
            {
                logger.LogWarning("Rebuild of registered_enterprises stopped after {Scanned} enterprises: {Code} ({Detail})",
                    scanned, refusal.Code, refusal.Detail);
                return (refusal with { Detail = $"{refusal.Detail} Rows already written stay: {scanned} enterprises read, {changed} changed; a rebuild can be repeated safely." })
                    .With("scanned", scanned).With("changed", changed);
            }

            // Whole enterprises per batch (an entry yields up to three changes, always adjacent).
            foreach (var batch in page.Value.Changes.GroupBy(c => c.EnterpriseId).Chunk(BatchSize))
            {
                await using var unit = await units.BeginAsync(cancellationToken);
                changed += await RegisteredEnterpriseStore.ApplyAsync(unit, [.. batch.SelectMany(g => g)], cancellationToken);
                await unit.CommitAsync(cancellationToken);
            }

            scanned += page.Value.Enterprises;
            pageToken = page.Value.NextPageToken;
        }
        while (pageToken.Length > 0);

        logger.LogInformation("Rebuilt registered_enterprises from OneStop: {Scanned} scanned, {Changed} changed", scanned, changed);
        return new RebuildResult(scanned, changed);
    }
}
