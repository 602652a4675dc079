using SmePlatform.ClusterStats.Data;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Application.Snapshots;

/// <summary>The snapshot of the last closed month, and whether this call took it (false: it already existed).</summary>
public sealed record SnapshotView(DateOnly Period, DateTimeOffset TakenAt, int Enterprises, bool Taken);

/// <summary>
/// Takes the snapshot of the last closed month if nobody has: the monthly job calls it, and so may an operator
/// (after an outage spanning a month's end). The copy is of the projection at the moment it runs.
/// </summary>
public sealed class TakeMonthlySnapshotHandler(UnitOfWorkFactory units, TimeProvider clock)
{
    public async Task<SnapshotView> HandleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        var (snapshot, taken) = await SnapshotStore.TakeAsync(unit, SnapshotPeriods.LastClosedMonth(now), now, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return new SnapshotView(snapshot.Period, snapshot.TakenAt, snapshot.Enterprises, taken);
    }
}
