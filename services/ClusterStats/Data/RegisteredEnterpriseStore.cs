using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>
/// The <c>registered_enterprises</c> projection: one row per enterprise the register announced, active or not. Every
/// change goes through <see cref="EnterpriseRecord.Apply"/> on rows locked for the transaction, so the live consumer
/// and a rebuild can write side by side and the newest state wins whatever the order.
/// </summary>
public sealed class RegisteredEnterpriseStore
{
    /// <summary>Applies the changes (any number per enterprise, in any order) to their rows in <paramref name="unit"/>'s transaction.</summary>
    public static async Task<int> ApplyAsync(UnitOfWork unit, IReadOnlyCollection<RegisterChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return 0;
        }

        // Ids in one order: two transactions locking overlapping batches cannot deadlock.
        var ids = changes.Select(c => c.EnterpriseId).Distinct().Order().ToArray();
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO registered_enterprises (enterprise_id) SELECT unnest(@ids) ORDER BY 1 ON CONFLICT (enterprise_id) DO NOTHING",
            new { ids }, unit.Transaction, cancellationToken: cancellationToken));
        var rows = await unit.Connection.QueryAsync<EnterpriseRow>(new CommandDefinition(
            $"SELECT {EnterpriseRow.Columns} FROM registered_enterprises WHERE enterprise_id = ANY(@ids) ORDER BY enterprise_id FOR UPDATE",
            new { ids }, unit.Transaction, cancellationToken: cancellationToken));
        var before = rows.ToDictionary(r => r.EnterpriseId, r => r.ToRecord());
        var after = new Dictionary<Guid, EnterpriseRecord>(before);
        foreach (var change in changes)
        {
            after[change.EnterpriseId] = after[change.EnterpriseId].Apply(change);
        }

        // Newer observation times are written even when the facts stay (an older report arriving later must lose),
        // but only changed facts are counted: a rebuild that finds the projection right reports nothing changed.
        var written = after.Values.Where(r => r != before[r.EnterpriseId]).ToArray();
        if (written.Length > 0)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(EnterpriseRow.Update, EnterpriseRow.Arrays(written), unit.Transaction,
                cancellationToken: cancellationToken));
        }

        return written.Count(r => !r.HasSameFactsAs(before[r.EnterpriseId]));
    }

    /// <summary>One enterprise as the projection holds it (tests and the firm lists read it).</summary>
    public static async Task<EnterpriseRecord?> FindAsync(NpgsqlConnection connection, Guid id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<EnterpriseRow>(new CommandDefinition(
            $"SELECT {EnterpriseRow.Columns} FROM registered_enterprises WHERE enterprise_id = @id", new { id },
            cancellationToken: cancellationToken)))?.ToRecord();
}
