using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.Data;

/// <summary>
/// One PostgreSQL transaction holding a state change together with the messages it causes (outbox) and its
/// audit rows: either all of it is committed or none. Dispose without commit rolls back.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly OutboxSignal signal;
    private bool enqueued;

    internal UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxSignal signal)
    {
        Connection = connection;
        Transaction = transaction;
        this.signal = signal;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>Adds an integration event to the outbox; it is published only if this unit commits.</summary>
    public async Task<Guid> EnqueueAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default)
        where TMessage : class
    {
        var id = Guid.CreateVersion7();
        await Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO outbox_messages (id, message_type, payload, trace_parent)
            VALUES (@id, @type, CAST(@payload AS jsonb), @traceParent)
            """,
            new
            {
                id,
                type = typeof(TMessage).FullName,
                payload = JsonSerializer.Serialize(message, MessageJson.Options),
                traceParent = Activity.Current?.Id,
            },
            Transaction, cancellationToken: cancellationToken));
        enqueued = true;
        return id;
    }

    /// <summary>Records who did what to which entity, with its state before and after.</summary>
    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (id, actor_id, actor_role, scope, action, entity_type, entity_id, before, after, trace_id)
            VALUES (@id, @actorId, @actorRole, @scope, @action, @entityType, @entityId,
                    CAST(@before AS jsonb), CAST(@after AS jsonb), @traceId)
            """,
            new
            {
                id = Guid.CreateVersion7(),
                actorId = entry.Actor.Id,
                actorRole = entry.Actor.Role,
                scope = entry.Actor.Scope,
                action = entry.Action,
                entityType = entry.EntityType,
                entityId = entry.EntityId,
                before = entry.Before is null ? null : JsonSerializer.Serialize(entry.Before, MessageJson.Options),
                after = entry.After is null ? null : JsonSerializer.Serialize(entry.After, MessageJson.Options),
                traceId = Activity.Current?.TraceId.ToString(),
            },
            Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Records a consumed message id. False means this consumer already handled it: the caller skips the effect.
    /// A concurrent duplicate blocks on the primary key until the first commits, then also gets false.
    /// </summary>
    public async Task<bool> TryRecordInboxAsync(Guid messageId, string consumer, string messageType, CancellationToken cancellationToken = default)
    {
        var inserted = await Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO inbox_messages (message_id, consumer, message_type, trace_id)
            VALUES (@messageId, @consumer, @messageType, @traceId)
            ON CONFLICT DO NOTHING
            """,
            new { messageId, consumer, messageType, traceId = Activity.Current?.TraceId.ToString() }, Transaction, cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        if (enqueued)
        {
            signal.Notify();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

public sealed class UnitOfWorkFactory(NpgsqlDataSource dataSource, OutboxSignal signal)
{
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
