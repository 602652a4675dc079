using SmePlatform.Diagnosis.Domain.Indicators;

namespace SmePlatform.Diagnosis.Domain.Scoring;

/// <summary>Which way an indicator improves.</summary>
public enum BandDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>
/// The four edges that cut an indicator's values into the scores 5, 4, 3, 2 (below the last edge: 1), for one
/// industry section ("*": every industry without rows of its own). Higher is better: score 5 at or above
/// <c>Edges[0]</c>, 4 at or above <c>Edges[1]</c> … Lower is better: score 5 at or below <c>Edges[0]</c>, 4 at or
/// below <c>Edges[1]</c> …; <see cref="Assumption"/> marks edges no source gives (docs/diagnosis-rules.md).
/// </summary>
public sealed record IndicatorBand(string Indicator, string Industry, BandDirection Direction, IReadOnlyList<decimal> Edges, string Source, bool Assumption)
{
    public const string AllIndustries = "*";

    public int Score(decimal value)
    {
        for (var i = 0; i < Edges.Count; i++)
        {
            var reached = Direction == BandDirection.HigherIsBetter ? value >= Edges[i] : value <= Edges[i];
            if (reached)
            {
                return 5 - i;
            }
        }

        return 1;
    }

    /// <summary>Edges in the direction's order (descending when higher is better, ascending otherwise), four of them.</summary>
    public bool IsWellFormed =>
        Edges.Count == 4
        && Edges.Zip(Edges.Skip(1)).All(pair => Direction == BandDirection.HigherIsBetter ? pair.First > pair.Second : pair.First < pair.Second);
}

/// <summary>A versioned band table: the rows for each scored indicator per industry section.</summary>
public sealed record BandTable(string Id, int Version, IReadOnlyList<IndicatorBand> Bands)
{
    /// <summary>The row for <paramref name="indicator"/> in the section of <paramref name="industryCode"/> (GB/T 4754 letter), else the all-industries row.</summary>
    public IndicatorBand? For(string indicator, string? industryCode)
    {
        var section = string.IsNullOrEmpty(industryCode) ? null : industryCode[..1].ToUpperInvariant();
        return Bands.FirstOrDefault(b => b.Indicator == indicator && b.Industry == section)
            ?? Bands.FirstOrDefault(b => b.Indicator == indicator && b.Industry == IndicatorBand.AllIndustries);
    }
}

/// <summary>An indicator's score and the band row that gave it; no score when undefined for lack of data.</summary>
public sealed record IndicatorScore(string Code, int? Score, IndicatorBand? Band);

public static class Scorer
{
    /// <summary>
    /// Scores the six Local Benchmark indicators: a value by its band row; an undefined value whose reason is adverse
    /// (negative EBITDA, negative equity) scores 1; one undefined for lack of data (no previous year, a zero
    /// denominator) is not scored.
    /// </summary>
    public static IReadOnlyList<IndicatorScore> Score(IReadOnlyList<IndicatorResult> indicators, BandTable table, string? industryCode)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(table);
        return
        [
            .. indicators.Where(i => IndicatorCodes.Scored.Contains(i.Code)).Select(i =>
            {
                var band = table.For(i.Code, industryCode);
                int? score = i switch
                {
                    _ when band is null => null,
                    { Value: { } value } => band.Score(value),
                    { Reason: { } reason } when UndefinedReasons.IsAdverse(reason) => 1,
                    _ => null,
                };
                return new IndicatorScore(i.Code, score, band);
            }),
        ];
    }
}
