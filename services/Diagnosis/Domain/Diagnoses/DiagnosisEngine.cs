using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Indicators;
using SmePlatform.Diagnosis.Domain.Scoring;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Domain.Diagnoses;

/// <summary>A quick diagnosis uses the statements only; a full one adds the assessment, the viewpoints and recommendations.</summary>
public enum DiagnosisKind
{
    Quick,
    Full,
}

/// <summary>The rules one diagnosis is computed under (recorded with it, so it can be explained later).</summary>
public sealed record DiagnosisRules(BandTable Bands, RankCutoffs Cutoffs, PreSortRule PreSort, ProgrammeCatalogue Catalogue);

/// <summary>What the advisor brings to a full diagnosis.</summary>
public sealed record AssessmentInput(IReadOnlyDictionary<string, int> Items, IReadOnlyList<ViewpointScore> Viewpoints);

/// <summary>Everything a diagnosis computes from statements, assessment and rules.</summary>
public sealed record DiagnosisOutcome(
    int FiscalYear,
    IReadOnlyList<int> Periods,
    IReadOnlyList<IndicatorResult> Indicators,
    IReadOnlyList<IndicatorScore> Scores,
    IReadOnlyList<IndicatorResult> OperatingCashFlows,
    RankResult Rank,
    AssessmentResult? Assessment,
    IReadOnlyList<ViewpointScore> Viewpoints,
    PreSortGroup? PreSort,
    IReadOnlyList<Recommendation> Recommendations);

public static class DiagnosisEngine
{
    /// <summary>
    /// Statements → indicators → scores → rank → (assessment) → pre-sort → recommendations. Only the latest three
    /// periods are used; the caller has checked them (<see cref="StatementRules"/>). A quick diagnosis makes no recommendations.
    /// </summary>
    public static DiagnosisOutcome Run(DiagnosisKind kind, IReadOnlyList<FinancialStatement> statements, string? industryCode, AssessmentInput? assessment,
        DiagnosisRules rules)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(rules);
        var periods = statements.OrderByDescending(s => s.FiscalYear).Take(StatementRules.PeriodsDiagnosed).OrderBy(s => s.FiscalYear).ToList();
        var indicators = IndicatorCalculator.Compute(periods);
        var scores = Scorer.Score(indicators, rules.Bands, industryCode);
        var rank = Ranking.Rank(scores, rules.Cutoffs);
        var assessed = kind == DiagnosisKind.Full && assessment is not null ? ManagementAssessment.Assess(assessment.Items) : null;
        var preSort = rules.PreSort.Sort(rank.Rank, assessed?.Band);
        var recommendations = kind == DiagnosisKind.Full ? Recommendations.For(scores, rules.Catalogue) : [];
        return new DiagnosisOutcome(periods[^1].FiscalYear, [.. periods.Select(p => p.FiscalYear)], indicators, scores,
            IndicatorCalculator.OperatingCashFlows(periods), rank, assessed, kind == DiagnosisKind.Full ? assessment?.Viewpoints ?? [] : [], preSort,
            recommendations);
    }
}
