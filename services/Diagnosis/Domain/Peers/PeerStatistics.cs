using SmePlatform.Diagnosis.Domain.Diagnoses;

namespace SmePlatform.Diagnosis.Domain.Peers;

/// <summary>Where an enterprise's value falls among its peers', best quartile first (the indicator's direction decides which end is best).</summary>
public enum PeerPosition
{
    TopQuartile,
    SecondQuartile,
    ThirdQuartile,
    BottomQuartile,
}

/// <summary>The quartiles of the peers' values (linear interpolation, as PostgreSQL's percentile_cont and Excel's QUARTILE.INC).</summary>
public sealed record Quartiles(decimal Q1, decimal Median, decimal Q3);

public static class PeerStatistics
{
    /// <summary>Never fewer: with fewer peers one of them could be recognised from the figures (docs/diagnosis-rules.md "Peers").</summary>
    public const int MinimumPeers = 5;

    /// <summary>Indicators where a lower value is better (one list for comparisons of every kind).</summary>
    public static IReadOnlySet<string> LowerIsBetter => Comparison.LowerIsBetter;

    /// <summary>
    /// Whether a firm with <paramref name="industryCode"/> is among a cluster's firms: one of the cluster's codes (any
    /// GB/T 4754 level: C, C36, C367, C3670) is a prefix of it, as the cluster registry decides membership by code.
    /// </summary>
    public static bool InCluster(IEnumerable<string> clusterCodes, string? industryCode) =>
        industryCode is not null && clusterCodes.Any(code => code.Length > 0 && industryCode.StartsWith(code, StringComparison.Ordinal));

    public static Quartiles QuartilesOf(IReadOnlyList<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        return new Quartiles(Percentile(sorted, 0.25m), Percentile(sorted, 0.5m), Percentile(sorted, 0.75m));
    }

    /// <summary>The quartile of <paramref name="value"/> against <paramref name="quartiles"/>; on an edge, the better side.</summary>
    public static PeerPosition PositionOf(decimal value, Quartiles quartiles, bool lowerIsBetter)
    {
        ArgumentNullException.ThrowIfNull(quartiles);
        if (lowerIsBetter)
        {
            return value <= quartiles.Q1 ? PeerPosition.TopQuartile
                : value <= quartiles.Median ? PeerPosition.SecondQuartile
                : value <= quartiles.Q3 ? PeerPosition.ThirdQuartile
                : PeerPosition.BottomQuartile;
        }

        return value >= quartiles.Q3 ? PeerPosition.TopQuartile
            : value >= quartiles.Median ? PeerPosition.SecondQuartile
            : value >= quartiles.Q1 ? PeerPosition.ThirdQuartile
            : PeerPosition.BottomQuartile;
    }

    /// <summary>The share of peers (0–1, two decimals) whose value is worse than <paramref name="value"/>.</summary>
    public static decimal ShareBetterThan(decimal value, IReadOnlyList<decimal> values, bool lowerIsBetter)
    {
        ArgumentNullException.ThrowIfNull(values);
        var worse = values.Count(v => lowerIsBetter ? v > value : v < value);
        return Math.Round((decimal)worse / values.Count, 2, MidpointRounding.AwayFromZero);
    }

    private static decimal Percentile(decimal[] sorted, decimal p)
    {
        var rank = p * (sorted.Length - 1);
        var lower = (int)decimal.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return Math.Round(sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower])), 4, MidpointRounding.AwayFromZero);
    }
}
