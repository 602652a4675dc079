using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Application.Disclosure;

/// <summary>The thresholds disclosure control applies now.</summary>
public sealed class GetDisclosureRulesHandler(DisclosureRulesStore store)
{
    public Task<DisclosureRules> HandleAsync(CancellationToken cancellationToken) => store.CurrentAsync(cancellationToken);
}
