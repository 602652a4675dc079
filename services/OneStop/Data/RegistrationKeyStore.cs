using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Data;

/// <summary>
/// The Idempotency-Keys of registrations, per caller (the token's subject: a counter system's client or a clerk), and
/// the first answer each one got.
/// </summary>
public sealed class RegistrationKeyStore(NpgsqlDataSource dataSource)
{
    public const string Operation = "register-enterprise";

    private static readonly IdempotencyKeys Keys = new("caller_id");

    public Task<StoredResponse?> FindAsync(string callerId, string key, CancellationToken cancellationToken) =>
        Keys.FindAsync(dataSource, callerId, key, cancellationToken);

    /// <summary>False when a concurrent request with the same key committed first (the insert waited for it).</summary>
    public Task<bool> TryReserveAsync(UnitOfWork unit, string callerId, string key, string requestHash, CancellationToken cancellationToken) =>
        Keys.TryReserveAsync(unit, callerId, key, Operation, requestHash, cancellationToken);

    public Task CompleteAsync(UnitOfWork unit, string callerId, string key, int status, string body, Guid resourceId,
        CancellationToken cancellationToken) =>
        Keys.CompleteAsync(unit, callerId, key, status, body, resourceId, cancellationToken);
}
