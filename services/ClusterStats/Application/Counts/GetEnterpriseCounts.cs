using System.Globalization;
using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Application.Counts;

/// <param name="AsOf">A day (yyyy-MM-dd, the city's calendar): the figures of the latest snapshot taken by its end; null: live.</param>
public sealed record GetEnterpriseCountsRequest(string? AsOf);

/// <summary>The city's active enterprises by ward and industry section, live or as of a past day.</summary>
public sealed class GetEnterpriseCountsHandler(FigureStore figures, SnapshotStore snapshots, DisclosureRulesStore disclosureRules)
{
    public const string Title = "The figures cannot be given as asked.";

    public async Task<Outcome<EnterpriseCountsView>> HandleAsync(GetEnterpriseCountsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.AsOf is null)
        {
            return EnterpriseCountsView.From(EnterpriseCounts.Summarise(await figures.CellsAsync(null, cancellationToken),
                await disclosureRules.CurrentAsync(cancellationToken)), null);
        }

        if (!DateOnly.TryParseExact(request.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Refusal.Invalid(Title, "asOf", "asOf is a day, yyyy-MM-dd (e.g. 2026-06-30).");
        }

        var (snapshot, first) = await snapshots.FindAsync(SnapshotPeriods.EndOf(day), cancellationToken);
        if (snapshot is null)
        {
            return Refusal.Invalid(Title, "asOf", first is null
                ? "No monthly snapshot has been taken yet: only live figures exist (omit asOf)."
                : $"{request.AsOf} is before the first snapshot (of {first.Period:yyyy-MM}, taken {first.TakenAt:yyyy-MM-dd HH:mm} UTC): no figures exist for it.");
        }

        // Today's thresholds apply to the past too: a cell once published under looser ones is withheld now.
        return EnterpriseCountsView.From(EnterpriseCounts.Summarise(await figures.CellsAsync(snapshot.Period, cancellationToken),
            await disclosureRules.CurrentAsync(cancellationToken)), snapshot);
    }
}
