using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>A monthly snapshot: the month it closes (its first day), when its rows were copied, how many enterprises.</summary>
public sealed record Snapshot(DateOnly Period, DateTimeOffset TakenAt, int Enterprises);

/// <summary>The <c>snapshots</c> and <c>snapshot_enterprises</c> tables: month-end copies of the active enterprises.</summary>
public sealed class SnapshotStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Copies the active enterprises as the snapshot of <paramref name="period"/> unless it exists; answers the snapshot
    /// and whether this call took it. Two instances racing for the same month: the primary key lets one win.
    /// </summary>
    public static async Task<(Snapshot Snapshot, bool Taken)> TakeAsync(UnitOfWork unit, DateOnly period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inserted = await unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO snapshots (period, taken_at, enterprises) VALUES (@period, @now, 0) ON CONFLICT (period) DO NOTHING",
            new { period, now }, unit.Transaction, cancellationToken: cancellationToken));
        if (inserted == 1)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO snapshot_enterprises (period, enterprise_id, ward, industry_code, industry_section, employees, annual_revenue,
                                                  size_class, category, legal_form, ownership_type)
                SELECT @period, enterprise_id, ward, industry_code, industry_section, employees, annual_revenue,
                       size_class, category, legal_form, ownership_type
                FROM registered_enterprises WHERE ward IS NOT NULL AND left_at IS NULL;
                UPDATE snapshots SET enterprises = (SELECT count(*) FROM snapshot_enterprises WHERE period = @period) WHERE period = @period;
                """,
                new { period }, unit.Transaction, cancellationToken: cancellationToken, commandTimeout: 600));
        }

        var snapshot = await unit.Connection.QuerySingleAsync<Snapshot>(new CommandDefinition(
            "SELECT period, taken_at, enterprises FROM snapshots WHERE period = @period", new { period }, unit.Transaction,
            cancellationToken: cancellationToken));
        return (snapshot, inserted == 1);
    }

    /// <summary>The latest snapshot taken before <paramref name="before"/>, and the first snapshot of all (to explain a miss).</summary>
    public async Task<(Snapshot? Latest, Snapshot? First)> FindAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var latest = await connection.QuerySingleOrDefaultAsync<Snapshot>(new CommandDefinition(
            "SELECT period, taken_at, enterprises FROM snapshots WHERE taken_at < @before ORDER BY taken_at DESC LIMIT 1",
            new { before = before.ToUniversalTime() }, cancellationToken: cancellationToken));
        var first = latest is not null ? null : await connection.QuerySingleOrDefaultAsync<Snapshot>(new CommandDefinition(
            "SELECT period, taken_at, enterprises FROM snapshots ORDER BY taken_at LIMIT 1", cancellationToken: cancellationToken));
        return (latest, first);
    }
}
