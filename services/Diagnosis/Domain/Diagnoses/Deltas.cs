using SmePlatform.Diagnosis.Domain.Indicators;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Domain.Diagnoses;

/// <summary>How one indicator moved since the previous diagnosis: null deltas where either side has no value or score.</summary>
public sealed record IndicatorDelta(string Code, decimal? Previous, decimal? Current, decimal? Change, int? PreviousScore, int? CurrentScore, int? ScoreChange);

/// <summary>The change against the previous diagnosis of the same enterprise.</summary>
public sealed record DiagnosisDeltas(Guid PreviousId, int PreviousNumber, Rank? PreviousRank, Rank? CurrentRank, IReadOnlyList<IndicatorDelta> Indicators);

/// <summary>What a diagnosis keeps of an indicator for the next one to compare with.</summary>
public sealed record IndicatorSnapshot(string Code, decimal? Value, int? Score);

public static class DeltaCalculator
{
    public static IReadOnlyList<IndicatorDelta> Compare(IReadOnlyList<IndicatorSnapshot> previous, IReadOnlyList<IndicatorSnapshot> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(p => p.Code);
        return
        [
            .. current.Select(c =>
            {
                var p = before.GetValueOrDefault(c.Code);
                return new IndicatorDelta(c.Code, p?.Value, c.Value, p?.Value is { } pv && c.Value is { } cv ? cv - pv : null,
                    p?.Score, c.Score, p?.Score is { } ps && c.Score is { } cs ? cs - ps : null);
            }),
        ];
    }

    public static IReadOnlyList<IndicatorSnapshot> Snapshot(IReadOnlyList<IndicatorResult> indicators, IReadOnlyList<IndicatorScore> scores)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(scores);
        var byCode = scores.ToDictionary(s => s.Code, s => s.Score);
        return [.. indicators.Select(i => new IndicatorSnapshot(i.Code, i.Value, byCode.GetValueOrDefault(i.Code)))];
    }
}
