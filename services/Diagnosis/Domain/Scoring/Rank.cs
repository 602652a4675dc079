namespace SmePlatform.Diagnosis.Domain.Scoring;

/// <summary>Local Benchmark's overall rank from the six scores (A best).</summary>
public enum Rank
{
    A,
    B,
    C,
    D,
}

/// <summary>
/// The cut-offs of the total of six scores (out of 30): preset 24 / 18 / 12, an assumption to check
/// (docs/diagnosis-rules.md "Rank"). When fewer than six are scored, the total is scaled to 30; with fewer than
/// <see cref="MinimumScored"/> there is no rank.
/// </summary>
public sealed record RankCutoffs(decimal A = 24, decimal B = 18, decimal C = 12, int MinimumScored = 4)
{
    public const int MaxTotal = 30;

    public static readonly RankCutoffs Preset = new();

    public bool IsWellFormed => A <= MaxTotal && A > B && B > C && C > 0 && MinimumScored is >= 1 and <= 6;
}

/// <summary>The total of the scores given, the total scaled to 30, and the rank (null with too few scores).</summary>
public sealed record RankResult(int Total, int Scored, decimal ScaledTotal, Rank? Rank);

public static class Ranking
{
    public static RankResult Rank(IReadOnlyList<IndicatorScore> scores, RankCutoffs cutoffs)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var given = scores.Where(s => s.Score is not null).Select(s => s.Score!.Value).ToList();
        var total = given.Sum();
        if (given.Count == 0)
        {
            return new RankResult(0, 0, 0, null);
        }

        var scaled = Math.Round(total * 6m / given.Count, 1, MidpointRounding.AwayFromZero);
        Rank? rank = given.Count < cutoffs.MinimumScored ? null
            : scaled >= cutoffs.A ? Scoring.Rank.A
            : scaled >= cutoffs.B ? Scoring.Rank.B
            : scaled >= cutoffs.C ? Scoring.Rank.C
            : Scoring.Rank.D;
        return new RankResult(total, given.Count, scaled, rank);
    }
}
