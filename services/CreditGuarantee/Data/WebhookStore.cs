using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Application.Notifications;

namespace SmePlatform.CreditGuarantee.Data;

public sealed record WebhookRow(string BankId, string Url, string Secret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record DeliveryRow(Guid Id, string BankId, long EventPosition, Guid EventId, string EventType, Guid ApplicationId, string State, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset GiveUpAt, int? LastStatus, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt);

public sealed record AttemptRow(Guid DeliveryId, int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

/// <summary>A delivery the dispatcher claimed: what to send and where.</summary>
public sealed record ClaimedDelivery(Guid Id, int Attempt, DateTimeOffset GiveUpAt, string? Url, string? Secret, BankEventRow Event);

/// <summary>SQL of webhooks, deliveries and attempts (Dapper).</summary>
public static class WebhookStore
{
    private const string DeliveryColumns =
        """
        d.id, d.bank_id, d.event_position, e.id AS event_id, e.type AS event_type, e.application_id, d.state, d.attempts, d.next_attempt_at,
        d.give_up_at, d.last_status, d.last_error, d.delivered_at, d.created_at
        """;

    public static Task<WebhookRow?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string bankId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<WebhookRow?>(new CommandDefinition(
            "SELECT bank_id, url, secret, created_at, updated_at FROM bank_webhooks WHERE bank_id = @bankId",
            new { bankId }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Creates or replaces the bank's webhook; the secret only changes when one is given (a creation always gives one).
    /// True when it was created.
    /// </summary>
    public static async Task<(WebhookRow Row, bool Created)> UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string bankId, string url,
        string? newSecret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleAsync<(string BankId, string Url, string Secret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Created)>(
            new CommandDefinition(
                """
                INSERT INTO bank_webhooks (bank_id, url, secret, created_at, updated_at) VALUES (@bankId, @url, coalesce(@newSecret, ''), @now, @now)
                ON CONFLICT (bank_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at,
                    secret = coalesce(@newSecret, bank_webhooks.secret)
                RETURNING bank_id, url, secret, created_at, updated_at, (xmax = 0) AS created
                """,
                new { bankId, url, newSecret, now }, transaction, cancellationToken: cancellationToken));
        return (new WebhookRow(row.BankId, row.Url, row.Secret, row.CreatedAt, row.UpdatedAt), row.Created);
    }

    /// <summary>Removes the webhook; its pending deliveries fail (they stay replayable once a webhook is registered again).</summary>
    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string bankId, CancellationToken cancellationToken)
    {
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM bank_webhooks WHERE bank_id = @bankId", new { bankId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'The webhook was removed.'
            WHERE bank_id = @bankId AND state = 'pending'
            """,
            new { bankId }, transaction, cancellationToken: cancellationToken));
        return deleted == 1;
    }

    /// <summary>A bank's deliveries, newest first, before the cursor (UUIDv7 ids order by creation).</summary>
    public static async Task<IReadOnlyList<DeliveryRow>> ListAsync(NpgsqlConnection connection, string bankId, string? state, Guid? before, int limit,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<DeliveryRow>(new CommandDefinition(
                $"""
                SELECT {DeliveryColumns} FROM webhook_deliveries d JOIN bank_events e ON e.position = d.event_position
                WHERE d.bank_id = @bankId AND (@state::text IS NULL OR d.state = @state) AND (@before::uuid IS NULL OR d.id < @before)
                ORDER BY d.id DESC
                LIMIT @limit
                """,
                new { bankId, state, before, limit }, cancellationToken: cancellationToken)),
        ];

    public static Task<DeliveryRow?> FindDeliveryAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, string bankId,
        CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DeliveryRow?>(new CommandDefinition(
            $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries d JOIN bank_events e ON e.position = d.event_position
            WHERE d.id = @id AND d.bank_id = @bankId
            """,
            new { id, bankId }, transaction, cancellationToken: cancellationToken));

    public static async Task<ILookup<Guid, AttemptRow>> AttemptsAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> deliveryIds,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            """
            SELECT delivery_id, number, attempted_at, status_code, error, duration_ms FROM webhook_attempts
            WHERE delivery_id = ANY(@ids) ORDER BY delivery_id, number
            """,
            new { ids = deliveryIds.ToArray() }, cancellationToken: cancellationToken))).ToLookup(a => a.DeliveryId);

    /// <summary>Queues the delivery again, now, with a fresh retry window; its attempt log stays.</summary>
    public static Task<int> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = @now, give_up_at = @giveUpAt, delivered_at = NULL
            WHERE id = @id
            """,
            new { id, now, giveUpAt = now + BankEventLog.RetryWindow }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Claims due deliveries: locked with FOR UPDATE SKIP LOCKED so that two dispatchers never take the same one, then
    /// leased (next attempt moved past the send's timeout) and committed before anything is sent. A dispatcher that dies
    /// mid-send leaves the lease to expire and another one retries: at least once.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(NpgsqlDataSource dataSource, DateTimeOffset now, TimeSpan lease, int batch,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = (await connection.QueryAsync<(Guid Id, int Attempts, DateTimeOffset GiveUpAt, long EventPosition, string? Url, string? Secret)>(
            new CommandDefinition(
                """
                WITH due AS (
                    SELECT id FROM webhook_deliveries
                    WHERE state = 'pending' AND next_attempt_at <= @now
                    ORDER BY next_attempt_at
                    LIMIT @batch
                    FOR UPDATE SKIP LOCKED)
                UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = @leaseUntil
                FROM due
                WHERE d.id = due.id
                RETURNING d.id, d.attempts, d.give_up_at, d.event_position,
                    (SELECT w.url FROM bank_webhooks w WHERE w.bank_id = d.bank_id),
                    (SELECT w.secret FROM bank_webhooks w WHERE w.bank_id = d.bank_id)
                """,
                new { now, batch, leaseUntil = now + lease }, transaction, cancellationToken: cancellationToken))).ToList();
        if (claimed.Count == 0)
        {
            return [];
        }

        var events = (await connection.QueryAsync<BankEventRow>(new CommandDefinition(
            """
            SELECT position, id, tx_id::text AS tx_id, bank_id, application_id, type, status_from, status_to, occurred_at, payload::text AS payload
            FROM bank_events WHERE position = ANY(@positions)
            """,
            new { positions = claimed.Select(c => c.EventPosition).ToArray() }, transaction, cancellationToken: cancellationToken))).ToDictionary(e => e.Position);
        await transaction.CommitAsync(cancellationToken);
        return [.. claimed.Select(c => new ClaimedDelivery(c.Id, c.Attempts, c.GiveUpAt, c.Url, c.Secret, events[c.EventPosition]))];
    }

    /// <summary>Records an attempt and its consequence; ignored when the lease was lost to another dispatcher (attempt number moved on).</summary>
    public static async Task RecordAttemptAsync(NpgsqlDataSource dataSource, ClaimedDelivery delivery, DateTimeOffset at, int? statusCode, string? error,
        int durationMs, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = statusCode is >= 200 and < 300 ? "delivered" : retryAt is null ? "failed" : "pending";
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE webhook_deliveries SET state = @state, next_attempt_at = @retryAt, last_status = @statusCode, last_error = @error,
                delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE delivered_at END
            WHERE id = @id AND attempts = @attempt AND state = 'pending'
            """,
            new { id = delivery.Id, attempt = delivery.Attempt, state, retryAt, statusCode, error, at }, transaction, cancellationToken: cancellationToken));
        if (updated == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, error, duration_ms)
                VALUES (@id, @attempt, @at, @statusCode, @error, @durationMs) ON CONFLICT DO NOTHING
                """,
                new { id = delivery.Id, attempt = delivery.Attempt, at, statusCode, error, durationMs }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
