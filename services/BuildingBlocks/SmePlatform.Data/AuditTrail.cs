using Dapper;
using Npgsql;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Data;

/// <summary>The service's audit trail read from its <c>audit_log</c> table (written by <see cref="UnitOfWork.AuditAsync"/>).</summary>
public sealed class AuditTrail(NpgsqlDataSource dataSource) : IAuditTrail
{
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRecord>(new CommandDefinition(
            """
            SELECT id, occurred_at, actor_id, actor_role, scope, action, entity_type, entity_id,
                   before::text AS before, after::text AS after, trace_id
            FROM audit_log
            WHERE (@entityId::text IS NULL OR entity_id = @entityId)
              AND (@actor::text IS NULL OR actor_id = @actor)
              AND (@before::timestamptz IS NULL OR occurred_at < @before)
            ORDER BY occurred_at DESC, id DESC
            LIMIT @limit
            """,
            new { entityId = query.EntityId, actor = query.Actor, before = query.Before, limit = query.Limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
