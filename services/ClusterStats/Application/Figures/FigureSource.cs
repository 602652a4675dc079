using System.Globalization;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Data;

namespace SmePlatform.ClusterStats.Application.Figures;

/// <summary>
/// Where a figure is read from: <c>live</c> (the projection now; definitions in force today) or <c>snapshot</c> (the
/// month-end copy of <see cref="Period"/>; definitions in force on that month's last day).
/// </summary>
public sealed record FigureSource(string Source, DateOnly? Period, DateTimeOffset? TakenAt, DateOnly DefinitionsDay)
{
    /// <summary>
    /// Reads asOf (yyyy-MM-dd, or null for live) as the counts do; a refusal on <paramref name="field"/> otherwise (REST
    /// names it asOf, gRPC as_of).
    /// </summary>
    public static async Task<Outcome<FigureSource>> ResolveAsync(string? asOf, string title, SnapshotStore snapshots, TimeProvider clock,
        CancellationToken cancellationToken, string field = "asOf")
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(clock);
        if (asOf is null)
        {
            return new FigureSource("live", null, null, SnapshotPeriods.Today(clock.GetUtcNow()));
        }

        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Refusal.Invalid(title, field, "asOf is a day, yyyy-MM-dd (e.g. 2026-06-30).");
        }

        var (snapshot, first) = await snapshots.FindAsync(SnapshotPeriods.EndOf(day), cancellationToken);
        if (snapshot is null)
        {
            return Refusal.Invalid(title, field, first is null
                ? "No monthly snapshot has been taken yet: only live figures exist (omit asOf)."
                : $"{asOf} is before the first snapshot (of {first.Period:yyyy-MM}, taken {first.TakenAt:yyyy-MM-dd HH:mm} UTC): no figures exist for it.");
        }

        return new FigureSource("snapshot", snapshot.Period, snapshot.TakenAt, snapshot.Period.AddMonths(1).AddDays(-1));
    }
}
