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

    public static Task CompleteAsync(UnitOfWork unit, string bankId, string key, int status, string body, Guid? resourceId,
        CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_keys SET response_status = @status, response_body = @body, resource_id = @resourceId
            WHERE bank_id = @bankId AND idempotency_key = @key
            """,
            new { bankId, key, status, body, resourceId }, unit.Transaction, cancellationToken: cancellationToken));
}
