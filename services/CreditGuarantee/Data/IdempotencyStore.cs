using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>The first answer given to a bank's idempotency key, with the hash of the request that got it.</summary>
public sealed record StoredResponse(string Operation, string RequestHash, int ResponseStatus, string ResponseBody, Guid? ResourceId);

/// <summary>
/// Idempotency keys per bank. A key is reserved inside the transaction that performs the write (so a concurrent request
/// with the same key waits on it and then finds the stored answer), and completed with the answer before commit: a
/// write that fails or is refused rolls the key back with it, and the bank can retry with the same key.
/// </summary>
public static class IdempotencyStore
{
    public static Task<StoredResponse?> FindAsync(NpgsqlConnection connection, string bankId, string key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<StoredResponse?>(new CommandDefinition(
            """
            SELECT operation, request_hash, response_status, response_body, resource_id
            FROM idempotency_keys WHERE bank_id = @bankId AND idempotency_key = @key
            """,
            new { bankId, key }, cancellationToken: cancellationToken));

    /// <summary>False when the key is already taken (by a committed request; a concurrent one is waited for).</summary>
    public static async Task<bool> TryReserveAsync(UnitOfWork unit, string bankId, string key, string operation, string requestHash,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_keys (bank_id, idempotency_key, operation, request_hash, response_status, response_body)
            VALUES (@bankId, @key, @operation, @requestHash, 0, '')
            ON CONFLICT DO NOTHING
            """,
            new { bankId, key, operation, requestHash }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// <see cref="TryReserveAsync"/> in the unit's next batch: the returned command's RecordsAffected is 1 once sent when
    /// the key was free, 0 when it was taken (a concurrent request holding it is waited for, as there).
    /// </summary>
    public static NpgsqlBatchCommand DeferReserve(UnitOfWork unit, string bankId, string key, string operation, string requestHash) =>
        unit.Defer(
            """
            INSERT INTO idempotency_keys (bank_id, idempotency_key, operation, request_hash, response_status, response_body)
            VALUES ($1, $2, $3, $4, 0, '')
            ON CONFLICT DO NOTHING
            """,
            bankId, key, operation, requestHash);

    /// <summary>Stores the answer with the key; deferred to the unit's commit batch, which it joins (nothing reads it before).</summary>
    public static Task CompleteAsync(UnitOfWork unit, string bankId, string key, int status, string body, Guid? resourceId,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        unit.Defer(
            """
            UPDATE idempotency_keys SET response_status = $3, response_body = $4, resource_id = $5
            WHERE bank_id = $1 AND idempotency_key = $2
            """,
            bankId, key, status, body, resourceId);
        return Task.CompletedTask;
    }
}
