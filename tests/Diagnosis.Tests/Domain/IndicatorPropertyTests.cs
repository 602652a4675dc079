using FsCheck;
using FsCheck.Fluent;
using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Indicators;
using SmePlatform.Diagnosis.Domain.Scoring;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Tests.Domain;

/// <summary>Rules that hold for any figures, not only the worked example.</summary>
public sealed class IndicatorPropertyTests
{
    private static readonly Gen<decimal> Amount = Gen.OneOf(Gen.Constant(0m), Gen.Choose(0, 50_000_000).Select(v => (decimal)v));
    private static readonly Gen<decimal> Signed = Gen.OneOf(Gen.Constant(0m), Gen.Choose(-5_000_000, 5_000_000).Select(v => (decimal)v));

    private static readonly Gen<FinancialStatement> Statements =
        from sales in Amount
        from op in Signed
        from np in Signed
        from dep in Amount
        from rec in Amount
        from inv in Amount
        from pay in Amount
        from cash in Amount
        from borrow in Amount
        from assets in Amount
        from equity in Signed
        from employees in Gen.Choose(0, 2_000)
        select new FinancialStatement(2025, sales, sales / 2, op, np, dep, rec, inv, pay, cash, borrow, assets / 2, assets / 3, assets, equity, employees);

    [Fact]
    public void Every_indicator_has_a_value_or_a_known_reason_never_both()
    {
        Prop.ForAll(Statements.Two().ToArbitrary(), pair =>
        {
            var (previous, current) = pair;
            var all = IndicatorCalculator.Compute([previous with { FiscalYear = 2024 }, current]);
            return all.All(i => (i.Value is null) == (i.Reason is not null) && (i.Reason is null || UndefinedReasons.All.Contains(i.Reason)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Equity_and_liability_ratios_add_up_to_one_when_both_are_defined()
    {
        Prop.ForAll(Statements.ToArbitrary(), s =>
        {
            var all = IndicatorCalculator.Compute([s]).ToDictionary(i => i.Code, i => i.Value);
            return all[IndicatorCodes.EquityRatio] is not { } equity || Math.Abs(equity + all[IndicatorCodes.LiabilityRatio]!.Value - 1m) <= 0.0001m;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Operating_cash_flow_moves_one_for_one_with_net_profit_and_against_receivables()
    {
        Prop.ForAll(Statements.Two().ToArbitrary(), Gen.Choose(1, 1_000_000).ToArbitrary(), (pair, bump) =>
        {
            var (previous, current) = pair;
            var before = IndicatorCalculator.OperatingCashFlow(current, previous).Value!.Value;
            var moreProfit = IndicatorCalculator.OperatingCashFlow(current with { NetProfit = current.NetProfit + bump }, previous).Value!.Value;
            var moreReceivables = IndicatorCalculator.OperatingCashFlow(current with { Receivables = current.Receivables + bump }, previous).Value!.Value;
            return moreProfit - before == bump && before - moreReceivables == bump;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scores_are_1_to_5_and_never_fall_as_an_indicator_improves()
    {
        var values = Gen.Choose(-2_000_000, 2_000_000).Select(v => v / 100_000m);
        Prop.ForAll(Gen.Elements(WorkedExample.PresetBands.Bands.ToArray()).ToArbitrary(), values.Two().ToArbitrary(), (band, pair) =>
        {
            var (a, b) = pair;
            var (worse, better) = band.Direction == BandDirection.HigherIsBetter ? (Math.Min(a, b), Math.Max(a, b)) : (Math.Max(a, b), Math.Min(a, b));
            var (sw, sb) = (band.Score(worse), band.Score(better));
            return sw is >= 1 and <= 5 && sb is >= 1 and <= 5 && sb >= sw;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_assessment_overall_lies_between_the_lowest_and_highest_item_and_bands_consistently()
    {
        Prop.ForAll(Gen.Choose(1, 5).ArrayOf(6).ToArbitrary(), scores =>
        {
            var result = ManagementAssessment.Assess(ScoringTests.Items(scores));
            return result.Overall >= scores.Min() && result.Overall <= scores.Max()
                && result.Band == (result.Overall >= 3.5m ? AssessmentBand.A : result.Overall >= 2.5m ? AssessmentBand.B : AssessmentBand.C);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_rank_never_falls_when_a_score_rises()
    {
        Prop.ForAll(Gen.Choose(1, 5).ArrayOf(6).ToArbitrary(), Gen.Choose(0, 5).ToArbitrary(), (scores, index) =>
        {
            var before = Ranking.Rank(AsScores(scores), RankCutoffs.Preset).Rank!.Value;
            var raised = (int[])scores.Clone();
            raised[index] = Math.Min(5, raised[index] + 1);
            return Ranking.Rank(AsScores(raised), RankCutoffs.Preset).Rank!.Value <= before;
        }).QuickCheckThrowOnFailure();
    }

    private static IndicatorScore[] AsScores(int[] scores) => [.. scores.Select((s, i) => new IndicatorScore(IndicatorCodes.Scored[i], s, null))];
}
