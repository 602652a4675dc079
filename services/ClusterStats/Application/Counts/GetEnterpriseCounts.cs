using SmePlatform.Application;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Application.Counts;

/// <param name="AsOf">A day (yyyy-MM-dd, the city's calendar): the figures of the latest snapshot taken by its end; null: live.</param>
public sealed record GetEnterpriseCountsRequest(string? AsOf);

/// <summary>The city's active enterprises by ward and industry section, live or as of a past day.</summary>
public sealed class GetEnterpriseCountsHandler(FigureStore figures, SnapshotStore snapshots, DisclosureRulesStore disclosureRules, TimeProvider clock)
{
    public const string Title = "The figures cannot be given as asked.";

    public async Task<Outcome<EnterpriseCountsView>> HandleAsync(GetEnterpriseCountsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await FigureSource.ResolveAsync(request.AsOf, Title, snapshots, clock, cancellationToken);
        if (source.Refusal is { } refusal)
        {
            return refusal;
        }

        // Today's thresholds apply to the past too: a cell once published under looser ones is withheld now.
        return EnterpriseCountsView.From(EnterpriseCounts.Summarise(await figures.CellsAsync(source.Value.Period, cancellationToken),
            await disclosureRules.CurrentAsync(cancellationToken)), source.Value);
    }
}
