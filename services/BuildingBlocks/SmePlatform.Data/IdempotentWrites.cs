using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Application;

namespace SmePlatform.Data;

/// <summary>
/// The Idempotency-Key mechanism of a service's use cases, over its <see cref="IdempotencyKeys"/> store (one per
/// service, registered as a singleton with the owner column: a bank, a calling system). The use case:
/// <list type="number">
/// <item><see cref="FindAsync{T}"/> before anything else: the first answer again (<see cref="Idempotent{T}.Replayed"/>),
/// or the 409 <see cref="IdempotencyRefusals.Reused"/> when the key stood for another request; null when unused.</item>
/// <item>validates, loads, runs the domain; then, in the write's transaction, <see cref="TryReserveAsync"/> (or
/// <see cref="IdempotencyKeys.DeferReserve"/>): a concurrent request with the same key waits on the reservation; when
/// the key turns out taken, it rolls back and answers <see cref="AfterRaceAsync{T}"/> (the winner's answer).</item>
/// <item><see cref="CompleteAsync{T}"/> before commit: the answer (serialised with the service's HTTP JSON options, as
/// REST answers it) is stored with the key. A refused or failed write rolls the key back with it: the caller retries
/// with the same key.</item>
/// </list>
/// The transport reads the key (REST: ServiceDefaults' <c>IdempotencyKeyFilter</c>, the <c>Idempotency-Key</c> header;
/// gRPC: a request field or metadata) and answers a replay as the first answer (REST: status, body, Location, ETag and
/// <c>Idempotent-Replayed: true</c>).
/// </summary>
public sealed class IdempotentWrites(IdempotencyKeys keys, NpgsqlDataSource dataSource, IOptions<JsonOptions> json)
{
    private JsonSerializerOptions Json => json.Value.SerializerOptions;

    /// <summary>SHA-256 of the request as bound, in the service's JSON: the same request hashes alike from every transport.</summary>
    public IdempotencyKey KeyFor<TRequest>(string key, TRequest request) =>
        new(key, Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json))));

    /// <summary>
    /// The stored answer to the key: given again when the operation, the request and (for a write on an existing
    /// resource) <paramref name="resourceId"/> match, else the 409. Null when the key is unused. A creation
    /// (<paramref name="resourceId"/> null) does not know its resource beforehand.
    /// </summary>
    public async Task<Outcome<Idempotent<T>>?> FindAsync<T>(string owner, IdempotencyKey key, IdempotentOperation operation, Guid? resourceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var stored = await keys.FindAsync(connection, owner, key.Key, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        return Answer<T>(stored, key, operation, resourceId);
    }

    /// <summary>The stored answer read in another statement (e.g. one round trip with other reads), judged as <see cref="FindAsync{T}"/>.</summary>
    public Outcome<Idempotent<T>> Answer<T>(StoredResponse stored, IdempotencyKey key, IdempotentOperation operation, Guid? resourceId)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operation);
        if (stored.Operation != operation.Name || stored.RequestHash != key.RequestHash || (resourceId is not null && stored.ResourceId != resourceId))
        {
            var refusal = IdempotencyRefusals.Reused(operation.What, resourceId is null
                ? $"A key stands for one {operation.What}: retry with the same body, or use a new key for a new one."
                : "A key stands for one request: retry with the same body on the same resource, or use a new key for a new request.");
            return operation.ExistingIdName is { } name && resourceId is null ? refusal.With(name, stored.ResourceId) : refusal;
        }

        var value = JsonSerializer.Deserialize<T>(stored.ResponseBody, Json)!;
        return new Idempotent<T>(value, stored.ResponseBody, stored.ResponseStatus, stored.ResourceId, Replayed: true);
    }

    /// <summary>Reserves the key in the write's transaction; false when a request with it committed first (then roll back and <see cref="AfterRaceAsync{T}"/>).</summary>
    public Task<bool> TryReserveAsync(UnitOfWork unit, string owner, IdempotencyKey key, IdempotentOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operation);
        return keys.TryReserveAsync(unit, owner, key.Key, operation.Name, key.RequestHash, cancellationToken);
    }

    /// <summary><see cref="TryReserveAsync"/> in the unit's next batch (see <see cref="IdempotencyKeys.DeferReserve"/>).</summary>
    public NpgsqlBatchCommand DeferReserve(UnitOfWork unit, string owner, IdempotencyKey key, IdempotentOperation operation)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(operation);
        return keys.DeferReserve(unit, owner, key.Key, operation.Name, key.RequestHash);
    }

    /// <summary>The answer of the request that took the key first (this one lost the race and rolled back).</summary>
    public async Task<Outcome<Idempotent<T>>> AfterRaceAsync<T>(string owner, IdempotencyKey key, IdempotentOperation operation, Guid? resourceId,
        CancellationToken cancellationToken) =>
        await FindAsync<T>(owner, key, operation, resourceId, cancellationToken)
        ?? throw new InvalidOperationException("A key found taken has no stored answer.");

    /// <summary>Stores the answer with the key, in the unit's commit batch; returns it as the answer of this request.</summary>
    public async Task<Idempotent<T>> CompleteAsync<T>(UnitOfWork unit, string owner, IdempotencyKey key, T value, int status, Guid? resourceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var body = JsonSerializer.Serialize(value, Json);
        await keys.CompleteAsync(unit, owner, key.Key, status, body, resourceId, cancellationToken);
        return new Idempotent<T>(value, body, status, resourceId, Replayed: false);
    }
}
