using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Indicators;

namespace SmePlatform.Diagnosis.Domain.Diagnoses;

/// <summary>Which way an indicator moved between two diagnoses, in its own direction of better.</summary>
public enum Trend
{
    Improved,
    Worsened,
    Unchanged,
    NotComparable,
}

/// <summary>One indicator's change, with its trend.</summary>
public sealed record IndicatorChange(string Code, decimal? Previous, decimal? Current, decimal? Change, int? PreviousScore, int? CurrentScore, int? ScoreChange,
    Trend Trend);

/// <summary>One assessment item's change (both diagnoses full).</summary>
public sealed record ItemChange(string Item, int Previous, int Current, int Change);

public static class Comparison
{
    /// <summary>Indicators where a lower value is better; every other indicator improves upwards.</summary>
    public static readonly IReadOnlySet<string> LowerIsBetter = new HashSet<string>(StringComparer.Ordinal)
    {
        IndicatorCodes.EbitdaDebtMultiple, IndicatorCodes.WorkingCapitalMonths, IndicatorCodes.LiabilityRatio,
    };

    /// <summary>
    /// Every indicator of <paramref name="current"/> against <paramref name="previous"/>: a scored indicator's trend is its
    /// score's when the score moved, else its value's; an indicator with a value on one side only is not comparable.
    /// </summary>
    public static IReadOnlyList<IndicatorChange> Indicators(IReadOnlyList<IndicatorSnapshot> previous, IReadOnlyList<IndicatorSnapshot> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        return
        [
            .. DeltaCalculator.Compare(previous, current).Select(d => new IndicatorChange(d.Code, d.Previous, d.Current, d.Change, d.PreviousScore,
                d.CurrentScore, d.ScoreChange, TrendOf(d))),
        ];
    }

    public static IReadOnlyList<ItemChange> Items(IReadOnlyList<ItemScore> previous, IReadOnlyList<ItemScore> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(i => i.Item, i => i.Score);
        return [.. current.Where(i => before.ContainsKey(i.Item)).Select(i => new ItemChange(i.Item, before[i.Item], i.Score, i.Score - before[i.Item]))];
    }

    private static Trend TrendOf(IndicatorDelta d)
    {
        if (d.ScoreChange is { } scoreChange && scoreChange != 0)
        {
            return scoreChange > 0 ? Trend.Improved : Trend.Worsened;
        }

        if (d.Change is not { } change)
        {
            // Both undefined (for the same or another reason) is no movement we can name; one side only is not comparable.
            return d.Previous is null && d.Current is null && d.PreviousScore == d.CurrentScore ? Trend.Unchanged : Trend.NotComparable;
        }

        if (change == 0)
        {
            return Trend.Unchanged;
        }

        return (change < 0) == LowerIsBetter.Contains(d.Code) ? Trend.Improved : Trend.Worsened;
    }
}
