using SmePlatform.Application;
using SmePlatform.ClusterStats.Clients;
using SmePlatform.ClusterStats.Data;

namespace SmePlatform.ClusterStats.Application.Projections;

/// <summary>What a rebuild did: enterprises read from the register, rows added, rows whose ward or section changed.</summary>
public sealed record RebuildResult(int Scanned, int Added, int Updated);

/// <summary>
/// Rebuilds <c>registered_enterprises</c> from OneStop's register: what an operator runs after restoring a backup, or
/// when events may have been lost. Idempotent (upserts by enterprise id), resumable in effect (every batch commits on
/// its own), safe next to the live consumer (both write the same facts). It acts with the operator's own token
/// (the authorization HandleAsync is given), never with more.
/// </summary>
public sealed class RebuildRegisteredEnterprisesHandler(OneStopRegister register, RegisteredEnterpriseStore store,
    ILogger<RebuildRegisteredEnterprisesHandler> logger)
{
    /// <summary>Rows per upsert statement and transaction.</summary>
    public const int BatchSize = 500;

    public async Task<Outcome<RebuildResult>> HandleAsync(string authorization, CancellationToken cancellationToken)
    {
        var (scanned, added, updated) = (0, 0, 0);
        var pageToken = string.Empty;
        do
        {
            var page = await register.ReadPageAsync(pageToken, authorization, cancellationToken);
            if (page.Refusal is { } refusal)
            {
                logger.LogWarning("Rebuild of registered_enterprises stopped after {Scanned} enterprises: {Code} ({Detail})",
                    scanned, refusal.Code, refusal.Detail);
                return (refusal with { Detail = $"{refusal.Detail} Rows already written stay: {scanned} enterprises read, {added} added; a rebuild can be repeated safely." })
                    .With("scanned", scanned).With("added", added);
            }

            foreach (var batch in page.Value.Enterprises.Chunk(BatchSize))
            {
                var (batchAdded, batchUpdated) = await store.UpsertAsync(batch, cancellationToken);
                (scanned, added, updated) = (scanned + batch.Length, added + batchAdded, updated + batchUpdated);
            }

            pageToken = page.Value.NextPageToken;
        }
        while (pageToken.Length > 0);

        logger.LogInformation("Rebuilt registered_enterprises from OneStop: {Scanned} scanned, {Added} added, {Updated} updated", scanned, added, updated);
        return new RebuildResult(scanned, added, updated);
    }
}
