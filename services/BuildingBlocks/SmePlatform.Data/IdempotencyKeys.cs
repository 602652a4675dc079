using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace SmePlatform.Data;

/// <summary>The first answer given to an idempotency key, with the hash of the request that got it.</summary>
public sealed record StoredResponse(string Operation, string RequestHash, int ResponseStatus, string ResponseBody, Guid? ResourceId);

/// <summary>
/// Idempotency keys per owner (a partner bank, a calling system) in the service's <c>idempotency_keys</c> table: the
/// owner column, <c>idempotency_key</c>, <c>operation</c>, <c>request_hash</c>, <c>response_status</c>,
/// <c>response_body</c>, <c>resource_id</c>. A key is reserved inside the transaction that performs the write (a
/// concurrent request with the same key waits on it, then finds the stored answer) and completed with the answer before
/// commit: a write that fails or is refused rolls the key back with it, and the caller can retry with the same key.
/// Each service decides what the header means (required or optional, the answer on reuse); this is only the store.
/// </summary>
public sealed partial class IdempotencyKeys
{
    private readonly string owner;

    /// <param name="ownerColumn">The table's owner column (e.g. <c>bank_id</c>): a name fixed in code, never input.</param>
    public IdempotencyKeys(string ownerColumn)
    {
        if (!ColumnName().IsMatch(ownerColumn))
        {
            throw new ArgumentException($"'{ownerColumn}' is not a column name.", nameof(ownerColumn));
        }

        owner = ownerColumn;
    }

    public Task<StoredResponse?> FindAsync(NpgsqlConnection connection, string ownerId, string key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<StoredResponse?>(new CommandDefinition(
            $"""
            SELECT operation, request_hash, response_status, response_body, resource_id
            FROM idempotency_keys WHERE {owner} = @ownerId AND idempotency_key = @key
            """,
            new { ownerId, key }, cancellationToken: cancellationToken));

    public async Task<StoredResponse?> FindAsync(NpgsqlDataSource dataSource, string ownerId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, ownerId, key, cancellationToken);
    }

    /// <summary>False when the key is already taken (by a committed request; a concurrent one is waited for).</summary>
    public async Task<bool> TryReserveAsync(UnitOfWork unit, string ownerId, string key, string operation, string requestHash,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO idempotency_keys ({owner}, idempotency_key, operation, request_hash, response_status, response_body)
            VALUES (@ownerId, @key, @operation, @requestHash, 0, '')
            ON CONFLICT DO NOTHING
            """,
            new { ownerId, key, operation, requestHash }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// <see cref="TryReserveAsync"/> in the unit's next batch: the returned command's RecordsAffected is 1 once sent when
    /// the key was free, 0 when it was taken (a concurrent request holding it is waited for, as there).
    /// </summary>
    public NpgsqlBatchCommand DeferReserve(UnitOfWork unit, string ownerId, string key, string operation, string requestHash) =>
        unit.Defer(
            $"""
            INSERT INTO idempotency_keys ({owner}, idempotency_key, operation, request_hash, response_status, response_body)
            VALUES ($1, $2, $3, $4, 0, '')
            ON CONFLICT DO NOTHING
            """,
            ownerId, key, operation, requestHash);

    /// <summary>Stores the answer with the key; deferred to the unit's commit batch, which it joins (nothing reads it before).</summary>
    public Task CompleteAsync(UnitOfWork unit, string ownerId, string key, int status, string body, Guid? resourceId,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        unit.Defer(
            $"""
            UPDATE idempotency_keys SET response_status = $3, response_body = $4, resource_id = $5
            WHERE {owner} = $1 AND idempotency_key = $2
            """,
            ownerId, key, status, body, resourceId);
        return Task.CompletedTask;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ColumnName();
}
