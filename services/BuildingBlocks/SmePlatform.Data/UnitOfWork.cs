using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.Data;

/// <summary>
/// One PostgreSQL transaction holding a state change together with the messages it causes (outbox) and its
/// audit rows: either all of it is committed or none. Dispose without commit rolls back.
/// </summary>
/// <remarks>
/// Outbox messages, audit rows and other writes whose outcome nobody reads before commit (<see cref="Defer"/>) are
/// buffered and sent at <see cref="CommitAsync"/> as one batch, in the order they were added, in this same
/// transaction: a request that writes a dozen such rows pays one round trip for them instead of a dozen. A failing
/// buffered write fails the commit, and nothing of the unit is stored. Whoever reads those tables inside the unit
/// calls <see cref="FlushAsync"/> first.
/// </remarks>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly OutboxSignal signal;
    private readonly List<NpgsqlBatchCommand> deferred = [];
    private bool enqueued;
    private long lastAuditMillisecond;

    internal UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxSignal signal)
    {
        Connection = connection;
        Transaction = transaction;
        this.signal = signal;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>Writes buffered for the commit's batch, not yet sent.</summary>
    public int DeferredCount => deferred.Count;

    /// <summary>Adds an integration event to the outbox; it is published only if this unit commits.</summary>
    /// <remarks>Written at commit (or <see cref="FlushAsync"/>), after the writes deferred before it: the relay keeps that order.</remarks>
    public Task<Guid> EnqueueAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default)
        where TMessage : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = Guid.CreateVersion7();
        Defer(
            """
            INSERT INTO outbox_messages (id, message_type, payload, trace_parent)
            VALUES ($1, $2, CAST($3 AS jsonb), $4)
            """,
            id, typeof(TMessage).FullName, JsonSerializer.Serialize(message, MessageJson.Options), Activity.Current?.Id);
        enqueued = true;
        return Task.FromResult(id);
    }

    /// <summary>Records who did what to which entity, with its state before and after.</summary>
    /// <remarks>Written at commit (or <see cref="FlushAsync"/>); the trace and the snapshots are taken now.</remarks>
    public Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Defer(
            """
            INSERT INTO audit_log (id, actor_id, actor_role, scope, action, entity_type, entity_id, before, after, trace_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS jsonb), CAST($9 AS jsonb), $10)
            """,
            NextAuditId(), entry.Actor.Id, entry.Actor.Role, entry.Actor.Scope, entry.Action, entry.EntityType, entry.EntityId,
            entry.Before is null ? null : JsonSerializer.Serialize(entry.Before, MessageJson.Options),
            entry.After is null ? null : JsonSerializer.Serialize(entry.After, MessageJson.Options),
            Activity.Current?.TraceId.ToString());
        return Task.CompletedTask;
    }

    /// <summary>
    /// Buffers a write for the next batch (the commit's, or <see cref="FlushAsync"/>, or a query's that goes through
    /// <see cref="FlushAndQueryAsync{T}(IReadOnlyList{ValueTuple{string, object[]}}, Func{NpgsqlDataReader, CancellationToken, Task{T}}, CancellationToken)"/>):
    /// SQL with positional parameters ($1, $2, …) and their values (null is SQL NULL; give a text value a CAST where the
    /// column is not text). A write that returns no rows; its failure surfaces where the batch is sent and rolls the
    /// whole unit back. The returned command tells its <see cref="NpgsqlBatchCommand.RecordsAffected"/> once sent.
    /// </summary>
    public NpgsqlBatchCommand Defer(string sql, params object?[] values)
    {
        var command = Command(sql, values);
        deferred.Add(command);
        return command;
    }

    /// <summary>Sends the buffered writes now, in one round trip, in this transaction (before reading what they write).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (deferred.Count == 0)
        {
            return;
        }

        await using var batch = TakeDeferred();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Sends the buffered writes and then one query in one round trip, and hands the query's rows to
    /// <paramref name="read"/>: a unit that must answer with what it just wrote pays one round trip instead of two.
    /// </summary>
    public Task<T> FlushAndQueryAsync<T>(string sql, object?[] values, Func<NpgsqlDataReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken = default) =>
        FlushAndQueryAsync([(sql, values)], read, cancellationToken);

    /// <summary>
    /// Sends the buffered writes and then <paramref name="queries"/> (each with positional parameters as in
    /// <see cref="Defer"/>), in this order and one round trip; <paramref name="read"/> gets the reader at the first
    /// query's result (deferred writes return none) and moves on with NextResultAsync. Each statement runs after the
    /// previous one finished, with its own snapshot, so a query after an advisory lock sees what the lock's holder committed.
    /// </summary>
    public async Task<T> FlushAndQueryAsync<T>(IReadOnlyList<(string Sql, object?[] Values)> queries, Func<NpgsqlDataReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken = default)
    {
        await using var batch = TakeDeferred();
        foreach (var (sql, values) in queries)
        {
            batch.BatchCommands.Add(Command(sql, values));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await read(reader, cancellationToken);
    }

    private NpgsqlBatch TakeDeferred()
    {
        var batch = new NpgsqlBatch(Connection, Transaction);
        foreach (var command in deferred)
        {
            batch.BatchCommands.Add(command);
        }

        deferred.Clear();
        return batch;
    }

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

    /// <summary>Sends the buffered writes, then commits; if either fails, nothing of the unit is stored.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await Transaction.CommitAsync(cancellationToken);
        if (enqueued)
        {
            signal.Notify();
        }
    }

    /// <summary>
    /// The audit trail is read in (occurred_at, id) order and occurred_at is the transaction's time, so one unit's rows
    /// need ids in the order they were written. UUIDv7 ids made within one millisecond are not (random low bits), and
    /// buffered audit calls follow each other within microseconds: each id of this unit is a millisecond after the last.
    /// </summary>
    private Guid NextAuditId()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lastAuditMillisecond = now > lastAuditMillisecond ? now : lastAuditMillisecond + 1;
        return Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(lastAuditMillisecond));
    }

    private static NpgsqlBatchCommand Command(string sql, object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            // As Dapper's handler does (DapperTypes): timestamptz takes UTC offsets only.
            command.Parameters.Add(new NpgsqlParameter { Value = value is DateTimeOffset at ? at.ToUniversalTime() : value ?? DBNull.Value });
        }

        return command;
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
