using System.Data;
using Npgsql;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>What a gRPC watch of one application reads: its status and where its changes continue, then the changes.</summary>
public sealed class ApplicationWatch(NpgsqlDataSource dataSource)
{
    /// <summary>The bank's application and the position of its last event, from one snapshot (so they agree); null when the bank has no such application.</summary>
    public async Task<(ApplicationRow Row, long Last)?> StartAsync(Guid id, string bankId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (await ApplicationStore.FindAsync(connection, snapshot, id, bankId, cancellationToken) is not { } row)
        {
            return null;
        }

        return (row, await BankEventStore.LastPositionAsync(connection, snapshot, id, cancellationToken));
    }

    public async Task<IReadOnlyList<BankEventRow>> ChangesAsync(Guid id, long afterPosition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await BankEventStore.ForApplicationAsync(connection, id, afterPosition, cancellationToken);
    }
}
