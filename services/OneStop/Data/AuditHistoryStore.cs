using Dapper;
using Npgsql;

namespace SmePlatform.OneStop.Data;

/// <summary>One audited change of an entity, its snapshots as JSON text.</summary>
public sealed record AuditedChange(DateTimeOffset OccurredAt, string Action, string ActorId, string? ActorRole, string? Scope, string? Before, string? After);

/// <summary>The audit trail of one entity, read to show its history.</summary>
public sealed class AuditHistoryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Oldest first, at most <paramref name="limit"/> entries.</summary>
    public async Task<IReadOnlyList<AuditedChange>> OfEntityAsync(string entityType, string entityId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditedChange>(new CommandDefinition(
            """
            SELECT occurred_at, action, actor_id, actor_role, scope, before::text AS before, after::text AS after
            FROM audit_log
            WHERE entity_type = @entityType AND entity_id = @entityId
            ORDER BY occurred_at, id
            LIMIT @limit
            """,
            new { entityType, entityId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
