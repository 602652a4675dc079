using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Indicators;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Tests.Domain;

public sealed class ScoringTests
{
    private static readonly IndicatorBand WorkingCapital = WorkedExample.PresetBands.For(IndicatorCodes.WorkingCapitalMonths, "C3411")!;

    [Theory]
    [InlineData("-1", 5)]
    [InlineData("-0.3", 5)]
    [InlineData("-0.29", 4)]
    [InlineData("0.4", 4)]
    [InlineData("1.5", 3)]
    [InlineData("3.1", 2)]
    [InlineData("3.11", 1)]
    public void Working_capital_months_score_on_the_Local_Benchmark_edges(string months, int score) =>
        Assert.Equal(score, WorkingCapital.Score(decimal.Parse(months, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void An_industry_row_wins_over_the_all_industries_row()
    {
        var manufacturing = new IndicatorBand(IndicatorCodes.EquityRatio, "C", BandDirection.HigherIsBetter, [0.5m, 0.35m, 0.2m, 0.05m], "test", true);
        var table = WorkedExample.PresetBands with { Bands = [.. WorkedExample.PresetBands.Bands, manufacturing] };
        Assert.Same(manufacturing, table.For(IndicatorCodes.EquityRatio, "c3411"));
        Assert.Equal("*", table.For(IndicatorCodes.EquityRatio, "F5120")!.Industry);
        Assert.All(WorkedExample.PresetBands.Bands, b => Assert.True(b.IsWellFormed, b.Indicator));
    }

    [Fact]
    public void The_worked_example_scores_22_of_30_and_ranks_B()
    {
        var outcome = DiagnosisEngine.Run(DiagnosisKind.Quick, [WorkedExample.Fy2024, WorkedExample.Fy2025], "C3411", null, WorkedExample.PresetRules);
        Assert.Equal([5, 4, 2, 4, 2, 5], outcome.Scores.Select(s => s.Score!.Value));
        Assert.Equal(new RankResult(22, 6, 22m, Rank.B), outcome.Rank);
        Assert.Equal(PreSortGroup.B, outcome.PreSort);
        Assert.Empty(outcome.Recommendations);
        Assert.Null(outcome.Assessment);
    }

    [Fact]
    public void A_full_diagnosis_recommends_the_programmes_of_weak_indicators()
    {
        var assessment = new AssessmentInput(Items(4, 3, 3, 4, 2, 3), [new ViewpointScore(Viewpoints.Management, 3, "owner-managed, no successor")]);
        var outcome = DiagnosisEngine.Run(DiagnosisKind.Full, [WorkedExample.Fy2024, WorkedExample.Fy2025], "C3411", assessment, WorkedExample.PresetRules);
        Assert.Equal(["technology-process-consulting", "receivables-inventory-training"], outcome.Recommendations.Select(r => r.Programme));
        Assert.Equal(3.2m, outcome.Assessment!.Overall);
        Assert.Equal(AssessmentBand.B, outcome.Assessment.Band);
        Assert.Equal(PreSortGroup.B, outcome.PreSort);
        Assert.Single(outcome.Viewpoints);
    }

    [Fact]
    public void Adverse_undefined_indicators_score_1_and_missing_data_is_not_scored()
    {
        var loss = WorkedExample.Fy2025 with { OperatingProfit = -400_000m, NetAssets = -100_000m, TotalLiabilities = null };
        var outcome = DiagnosisEngine.Run(DiagnosisKind.Quick, [loss], "C3411", null, WorkedExample.PresetRules);
        var scores = outcome.Scores.ToDictionary(s => s.Code, s => s.Score);
        Assert.Equal(1, scores[IndicatorCodes.EbitdaDebtMultiple]);
        Assert.Equal(1, scores[IndicatorCodes.EquityRatio]);
        Assert.Null(scores[IndicatorCodes.SalesGrowth]);
        Assert.Equal(5, outcome.Rank.Scored);
    }

    [Theory]
    [InlineData(new[] { 4, 4, 4, 4, 4, 4 }, "A", "24.0")]
    [InlineData(new[] { 5, 5, 5, 5, 4, 0 }, "A", "28.8")]
    [InlineData(new[] { 4, 4, 4, 4, 4, 3 }, "B", "23.0")]
    [InlineData(new[] { 3, 3, 3, 3, 0, 0 }, "B", "18.0")]
    [InlineData(new[] { 3, 3, 3, 3, 3, 3 }, "B", "18.0")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 2 }, "C", "12.0")]
    [InlineData(new[] { 2, 2, 2, 2, 2, 1 }, "D", "11.0")]
    [InlineData(new[] { 1, 1, 1, 0, 0, 0 }, null, "6.0")]
    public void Rank_cut_offs_are_24_18_12_of_30_scaled_when_scores_are_missing(int[] scores, string? rank, string scaled)
    {
        var given = scores.Select((s, i) => new IndicatorScore(IndicatorCodes.Scored[i], s == 0 ? null : s, null)).ToList();
        var result = Ranking.Rank(given, RankCutoffs.Preset);
        Assert.Equal(rank, result.Rank?.ToString());
        Assert.Equal(decimal.Parse(scaled, System.Globalization.CultureInfo.InvariantCulture), result.ScaledTotal);
    }

    [Theory]
    [InlineData(Rank.A, null, PreSortGroup.A)]
    [InlineData(Rank.A, AssessmentBand.B, PreSortGroup.B)]
    [InlineData(Rank.B, AssessmentBand.C, PreSortGroup.B)]
    [InlineData(Rank.C, null, PreSortGroup.B)]
    [InlineData(Rank.C, AssessmentBand.C, PreSortGroup.C)]
    [InlineData(Rank.D, AssessmentBand.A, PreSortGroup.C)]
    public void The_pre_sort_rule(Rank rank, AssessmentBand? band, PreSortGroup group) => Assert.Equal(group, PreSortRule.Preset.Sort(rank, band));

    [Fact]
    public void No_rank_no_pre_sort() => Assert.Null(PreSortRule.Preset.Sort(null, AssessmentBand.A));

    [Theory]
    [InlineData(new[] { 4, 4, 4, 3, 3, 3 }, "3.5", AssessmentBand.A)]
    [InlineData(new[] { 4, 3, 3, 3, 3, 3 }, "3.2", AssessmentBand.B)]
    [InlineData(new[] { 3, 3, 3, 2, 2, 2 }, "2.5", AssessmentBand.B)]
    [InlineData(new[] { 3, 3, 2, 2, 2, 2 }, "2.3", AssessmentBand.C)]
    [InlineData(new[] { 5, 5, 5, 5, 5, 5 }, "5.0", AssessmentBand.A)]
    public void The_overall_is_the_mean_to_one_decimal_banded_as_the_study_does(int[] scores, string overall, AssessmentBand band)
    {
        var result = ManagementAssessment.Assess(Items(scores));
        Assert.Equal(decimal.Parse(overall, System.Globalization.CultureInfo.InvariantCulture), result.Overall);
        Assert.Equal(band, result.Band);
        Assert.Equal(scores.Select(s => s >= 4 ? AssessmentBand.A : s == 3 ? AssessmentBand.B : AssessmentBand.C), result.Items.Select(i => i.Band));
    }

    [Fact]
    public void Re_diagnosis_deltas_compare_values_and_scores()
    {
        var before = new[] { new IndicatorSnapshot("equity_ratio", 0.4m, 5), new IndicatorSnapshot("sales_growth", null, null) };
        var now = new[] { new IndicatorSnapshot("equity_ratio", 0.35m, 4), new IndicatorSnapshot("sales_growth", 0.1m, 5), new IndicatorSnapshot("gross_margin", 0.2m, null) };
        var deltas = DeltaCalculator.Compare(before, now);
        Assert.Equal(new IndicatorDelta("equity_ratio", 0.4m, 0.35m, -0.05m, 5, 4, -1), deltas[0]);
        Assert.Equal(new IndicatorDelta("sales_growth", null, 0.1m, null, null, 5, null), deltas[1]);
        Assert.Equal(new IndicatorDelta("gross_margin", null, 0.2m, null, null, null, null), deltas[2]);
    }

    internal static Dictionary<string, int> Items(params int[] scores) =>
        AssessmentItems.All.Zip(scores).ToDictionary(p => p.First, p => p.Second);
}
