using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Data;

/// <summary>The first answer given to a caller's idempotency key, with the hash of the request that got it.</summary>
public sealed record StoredResponse(string Operation, string RequestHash, int ResponseStatus, string ResponseBody, Guid? ResourceId);

/// <summary>
/// Idempotency keys per caller (the token's subject: a counter system's client or a clerk). The same mechanism as
/// CreditGuarantee's IdempotencyStore, keyed by caller instead of bank: a key is reserved inside the transaction of the
/// write (a concurrent request with the same key waits on it, then finds the answer) and completed with the answer
/// before commit, so a refused or failed write leaves the key unused.
/// </summary>
public static class IdempotencyKeys
{
    public static async Task<StoredResponse?> FindAsync(NpgsqlDataSource dataSource, string callerId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredResponse?>(new CommandDefinition(
            """
            SELECT operation, request_hash, response_status, response_body, resource_id
            FROM idempotency_keys WHERE caller_id = @callerId AND idempotency_key = @key
            """,
            new { callerId, key }, cancellationToken: cancellationToken));
    }

    /// <summary>False when the key is already taken (by a committed request; a concurrent one is waited for).</summary>
    public static async Task<bool> TryReserveAsync(UnitOfWork unit, string callerId, string key, string operation, string requestHash,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO idempotency_keys (caller_id, idempotency_key, operation, request_hash, response_status, response_body)
            VALUES (@callerId, @key, @operation, @requestHash, 0, '')
            ON CONFLICT DO NOTHING
            """,
            new { callerId, key, operation, requestHash }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public static Task CompleteAsync(UnitOfWork unit, string callerId, string key, int status, string body, Guid? resourceId,
        CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE idempotency_keys SET response_status = @status, response_body = @body, resource_id = @resourceId
            WHERE caller_id = @callerId AND idempotency_key = @key
            """,
            new { callerId, key, status, body, resourceId }, unit.Transaction, cancellationToken: cancellationToken));
}
