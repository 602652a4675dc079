namespace SmePlatform.ClusterStats.Domain.Figures;

/// <summary>
/// Where a ward stands in an industry or cluster: <see cref="Strong"/> by the US Cluster Mapping rule; <see cref="Specialised"/>
/// (LQ ≥ 1 but not strong: too small, or below the top quarter of wards); <see cref="NotSpecialised"/> (LQ &lt; 1).
/// </summary>
public enum ClusterTier
{
    Strong,
    Specialised,
    NotSpecialised,
}

/// <summary>One ward's figures for one industry or cluster, as the rule reads them (LQ null: undefined).</summary>
public sealed record RegionFigure(string Ward, decimal? LocationQuotient, long Employment, int Establishments);

/// <summary>The thresholds of one industry or cluster over the wards.</summary>
public sealed record StrongClusterThresholds(decimal LocationQuotientP75, decimal EmploymentP25, decimal EstablishmentsP25);

/// <summary>
/// The US Cluster Mapping rule for strong clusters, over the wards: a ward's cluster is strong when its LQ is at least the
/// 75th percentile of the wards' LQs and at least 1, and its employment and its establishments are above the 25th
/// percentiles of the wards'. Percentiles run over every ward given (wards with active enterprises); a ward whose LQ is
/// undefined counts as LQ 0 in the percentile and gets no tier.
/// </summary>
public static class StrongClusters
{
    public static (StrongClusterThresholds? Thresholds, IReadOnlyDictionary<string, ClusterTier?> Tiers) Classify(IReadOnlyList<RegionFigure> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Count == 0)
        {
            return (null, new Dictionary<string, ClusterTier?>());
        }

        var thresholds = new StrongClusterThresholds(
            Formulas.PercentileOf(regions.Select(r => r.LocationQuotient ?? 0m), 0.75m),
            Formulas.PercentileOf(regions.Select(r => (decimal)r.Employment), 0.25m),
            Formulas.PercentileOf(regions.Select(r => (decimal)r.Establishments), 0.25m));
        return (thresholds, regions.ToDictionary(r => r.Ward, r => TierOf(r, thresholds), StringComparer.Ordinal));
    }

    public static ClusterTier? TierOf(RegionFigure region, StrongClusterThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (region.LocationQuotient is not { } lq)
        {
            return null;
        }

        if (lq < 1m)
        {
            return ClusterTier.NotSpecialised;
        }

        return lq >= thresholds.LocationQuotientP75 && region.Employment > thresholds.EmploymentP25 && region.Establishments > thresholds.EstablishmentsP25
            ? ClusterTier.Strong
            : ClusterTier.Specialised;
    }
}
