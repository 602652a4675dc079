using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>
/// What the bank's notification endpoints read and write (the events feed, the webhook, its deliveries), over
/// <see cref="BankEventStore"/> and <see cref="WebhookStore"/>: reads on their own connection, writes in the caller's
/// unit of work.
/// </summary>
public sealed class BankNotificationStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<BankEventRow>> FeedAsync(string bankId, FeedCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await BankEventStore.FeedAsync(connection, bankId, after, limit, cancellationToken);
    }

    public async Task<WebhookRow?> FindWebhookAsync(string bankId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await WebhookStore.FindAsync(connection, null, bankId, cancellationToken);
    }

    public Task<WebhookRow?> FindWebhookAsync(UnitOfWork unit, string bankId, CancellationToken cancellationToken) =>
        WebhookStore.FindAsync(unit.Connection, unit.Transaction, bankId, cancellationToken);

    public Task<(WebhookRow Row, bool Created)> UpsertWebhookAsync(UnitOfWork unit, string bankId, string url, string? secret, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        WebhookStore.UpsertAsync(unit.Connection, unit.Transaction, bankId, url, secret, now, cancellationToken);

    public Task<bool> DeleteWebhookAsync(UnitOfWork unit, string bankId, CancellationToken cancellationToken) =>
        WebhookStore.DeleteAsync(unit.Connection, unit.Transaction, bankId, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> deliveries, and the attempts of the first <paramref name="attemptsOf"/> of them.</summary>
    public async Task<(IReadOnlyList<DeliveryRow> Rows, ILookup<Guid, AttemptRow> Attempts)> DeliveriesAsync(string bankId, string? state, Guid? before,
        int limit, int attemptsOf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await WebhookStore.ListAsync(connection, bankId, state, before, limit, cancellationToken);
        var attempts = await WebhookStore.AttemptsAsync(connection, [.. rows.Take(attemptsOf).Select(r => r.Id)], cancellationToken);
        return (rows, attempts);
    }

    public Task<DeliveryRow?> FindDeliveryAsync(UnitOfWork unit, Guid id, string bankId, CancellationToken cancellationToken) =>
        WebhookStore.FindDeliveryAsync(unit.Connection, unit.Transaction, id, bankId, cancellationToken);

    public Task<int> ReplayDeliveryAsync(UnitOfWork unit, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        WebhookStore.ReplayAsync(unit.Connection, unit.Transaction, id, now, cancellationToken);

    public async Task<ILookup<Guid, AttemptRow>> AttemptsAsync(IReadOnlyCollection<Guid> deliveryIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await WebhookStore.AttemptsAsync(connection, deliveryIds, cancellationToken);
    }
}
