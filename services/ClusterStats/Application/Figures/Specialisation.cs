using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Application.Figures;

/// <summary>Which version of a cluster a figure used.</summary>
public sealed record ClusterVersionUsed(string Id, int Version, DateOnly EffectiveFrom, bool Preset);

/// <summary>Reads the cells of a level or of each cluster and computes their protected specialisation tables.</summary>
public sealed class Specialisation(SpecialisationStore store, ClusterStore clusters)
{
    /// <summary>Wards × industry codes at <paramref name="level"/>.</summary>
    public async Task<SpecialisationTable> ByIndustryAsync(FigureSource source, IndustryLevel level, DisclosureRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Build(await store.ByIndustryAsync(source.Period, level, cancellationToken), rules, null);
    }

    /// <summary>The clusters in force on the source's day (all, or the one named), each against the rest of the city.</summary>
    public async Task<IReadOnlyList<(ClusterDefinition Cluster, SpecialisationTable Table)>> ByClusterAsync(FigureSource source, string? clusterId,
        DisclosureRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var inForce = (await clusters.AllAsync(clusterId, cancellationToken)).GroupBy(v => v.ClusterId)
            .Select(g => ClusterDefinition.InForce(g, source.DefinitionsDay)).OfType<ClusterDefinition>().ToArray();
        var tables = new List<(ClusterDefinition, SpecialisationTable)>();
        foreach (var cluster in inForce)
        {
            tables.Add((cluster, Build(await store.ByClusterAsync(source.Period, cluster, cancellationToken), rules,
                new HashSet<string>(StringComparer.Ordinal) { cluster.ClusterId }, cluster.ClusterId)));
        }

        return tables;
    }

    public static ClusterVersionUsed Used(ClusterDefinition cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new(cluster.ClusterId, cluster.Version, cluster.EffectiveFrom, cluster.Preset);
    }

    /// <param name="column">A column that must exist even when no enterprise is in it (a cluster with no member yet).</param>
    private static SpecialisationTable Build(IReadOnlyList<SpecialisationSource> sources, DisclosureRules rules, IReadOnlySet<string>? reported,
        string? column = null)
    {
        var wards = sources.Select(s => s.Ward).Distinct().Order(StringComparer.Ordinal).ToArray();
        var codes = sources.Select(s => s.Code).Append(column).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var inner = new CellContent[wards.Length, codes.Length];
        var squares = new decimal[wards.Length, codes.Length];
        foreach (var s in sources)
        {
            var (r, c) = (Array.IndexOf(wards, s.Ward), Array.IndexOf(codes, s.Code));
            inner[r, c] = s.Content;
            squares[r, c] = s.EmploymentSquares;
        }

        return SpecialisationTable.Compute(wards, codes, inner, squares, rules, reported);
    }
}
