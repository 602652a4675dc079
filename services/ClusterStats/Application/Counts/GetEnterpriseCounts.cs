using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Application.Counts;

/// <summary>The city's registered enterprises by ward and industry section.</summary>
public sealed class GetEnterpriseCountsHandler(RegisteredEnterpriseStore store)
{
    public async Task<EnterpriseCounts> HandleAsync(CancellationToken cancellationToken) =>
        EnterpriseCounts.Summarise(await store.CellsAsync(cancellationToken));
}
