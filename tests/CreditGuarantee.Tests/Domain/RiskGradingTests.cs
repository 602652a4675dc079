using FsCheck;
using FsCheck.Fluent;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class RiskGradingTests
{
    private static readonly GradingRules Rules = TestData.Config.Grading;

    private static RiskAssessment Assess(IReadOnlyList<FinancialStatement> statements, LatestDiagnosis? diagnosis = null) =>
        RiskGrading.Assess(Rules, statements, diagnosis, TestData.Today);

    private static IndicatorScore Indicator(RiskAssessment a, string name) => a.Indicators.Single(i => i.Indicator == name);

    [Fact]
    public void Worked_example_1_three_years_give_grade_2()
    {
        var a = Assess(TestData.ThreeYears);
        Assert.Equal(RiskGrade.Of(2), a.Grade);
        Assert.Equal(13, a.Points);
        Assert.Equal([(2023, (decimal?)null), (2024, 550_000m), (2025, 700_000m)], a.OperatingCashFlows.Select(c => (c.FiscalYear, c.Value.Value)));
        Assert.Contains("no opening balances for 2023", a.OperatingCashFlows[0].Value.UndefinedReason, StringComparison.Ordinal);
        Assert.Equal(
            [
                "Operating cash flow margin 5.83% (2025): at least 5% → 3 points (weight 2).",
                "Equity ratio 38.22% (2025): at least 25% → 3 points.",
                "EBITDA debt multiple 1.15 years (2025): at most 2 → 4 points.",
            ],
            a.Indicators.Select(i => i.Reason));
        Assert.Equal("Risk grade 2 from 13 of 16 points (2 × 3 cash flow + 3 equity + 4 debt).", a.Reason);
    }

    [Fact]
    public void Without_statements_the_enterprise_has_the_no_balance_sheet_grade_and_rate()
    {
        var a = Assess([]);
        Assert.True(a.Grade.Number is null);
        Assert.Equal(0.0115m, TestData.Config.Fees.RateOf(a.Grade));
        Assert.Null(a.Points);
    }

    [Fact]
    public void A_single_year_without_opening_balances_has_an_undefined_cash_flow_scored_zero()
    {
        var a = Assess([TestData.Year2025]);
        var ocf = Indicator(a, RiskGrading.OperatingCashFlow);
        Assert.False(ocf.Value.IsDefined);
        Assert.Equal(0, ocf.Points);
        Assert.StartsWith("Operating cash flow margin (2025) undefined: no opening balances for 2025", ocf.Reason, StringComparison.Ordinal);
        Assert.Equal(7, a.Points);
        Assert.Equal(RiskGrade.Of(5), a.Grade);
    }

    [Fact]
    public void Opening_balances_stand_in_for_the_previous_year()
    {
        var withOpening = TestData.Year2025 with { Opening = new WorkingCapital(1_600_000m, 1_100_000m, 850_000m) };
        Assert.Equal(700_000m, Assess([withOpening]).OperatingCashFlows[0].Value.Value);
    }

    [Fact]
    public void A_gap_between_years_leaves_the_later_cash_flow_undefined() =>
        Assert.False(Assess([TestData.Year2023, TestData.Year2025]).OperatingCashFlows[1].Value.IsDefined);

    [Fact]
    public void Zero_sales_make_the_cash_flow_margin_undefined()
    {
        var a = Assess([TestData.Year2024, TestData.Year2025 with { Sales = 0m }]);
        var ocf = Indicator(a, RiskGrading.OperatingCashFlow);
        Assert.Null(ocf.Value.Value);
        Assert.Equal("sales are zero", ocf.Value.UndefinedReason);
        Assert.Equal(0, ocf.Points);
    }

    [Fact]
    public void A_negative_cash_flow_in_an_earlier_year_caps_the_cash_flow_points()
    {
        var badYear = TestData.Year2024 with { NetProfit = -400_000m };
        var a = Assess([TestData.Year2023, badYear, TestData.Year2025 with { NetProfit = 1_200_000m }]);
        Assert.Equal(-330_000m, a.OperatingCashFlows[1].Value.Value);
        var ocf = Indicator(a, RiskGrading.OperatingCashFlow);
        Assert.Equal(2, ocf.Points);
        Assert.Contains("capped at 2 because operating cash flow was negative in 2024", ocf.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_latest_cash_flow_scores_zero()
    {
        var a = Assess([TestData.Year2024, TestData.Year2025 with { NetProfit = -1_000_000m }]);
        Assert.Equal(0, Indicator(a, RiskGrading.OperatingCashFlow).Points);
        Assert.Contains("below every band", Indicator(a, RiskGrading.OperatingCashFlow).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_equity_and_zero_assets_are_undefined_never_numbers()
    {
        var negative = RiskGrading.EquityRatioOf(TestData.Year2025 with { NetAssets = -1m });
        Assert.Equal((null, "net assets are negative (liabilities exceed assets)"), (negative.Value, negative.UndefinedReason));
        Assert.Null(RiskGrading.EquityRatioOf(TestData.Year2025 with { TotalAssets = 0m, NetAssets = 0m }).Value);
        var a = Assess([TestData.Year2024, TestData.Year2025 with { NetAssets = -500_000m }]);
        Assert.Equal(0, Indicator(a, RiskGrading.EquityRatio).Points);
        Assert.Contains("undefined", Indicator(a, RiskGrading.EquityRatio).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_or_negative_ebitda_with_net_debt_makes_the_debt_multiple_undefined()
    {
        var zero = TestData.Year2025 with { OperatingProfit = -240_000m };
        Assert.Equal("operating profit + depreciation is zero", RiskGrading.DebtMultipleOf(zero).UndefinedReason);
        var a = Assess([TestData.Year2024, zero]);
        var debt = Indicator(a, RiskGrading.DebtMultiple);
        Assert.Equal((null, 0), (debt.Value.Value, debt.Points));
        Assert.Contains("with net debt of CNY 1,200,000", debt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cash_covering_borrowings_scores_best_even_without_ebitda()
    {
        var a = Assess([TestData.Year2024, TestData.Year2025 with { Cash = 2_100_000m, OperatingProfit = -500_000m }]);
        var debt = Indicator(a, RiskGrading.DebtMultiple);
        Assert.Equal(4, debt.Points);
        Assert.Contains("no net debt", debt.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16, 1)]
    [InlineData(15, 1)]
    [InlineData(14, 2)]
    [InlineData(13, 2)]
    [InlineData(12, 3)]
    [InlineData(7, 5)]
    [InlineData(1, 8)]
    [InlineData(0, 9)]
    public void Points_map_to_grades(int points, int grade) => Assert.Equal(grade, RiskGrading.GradeFor(Rules, points).Number);

    [Theory]
    [InlineData(DiagnosisBand.A, true, "2025-09-01", 1)]
    [InlineData(DiagnosisBand.B, true, "2025-09-01", 2)]
    [InlineData(DiagnosisBand.C, true, "2025-09-01", 3)]
    [InlineData(DiagnosisBand.A, false, "2025-09-01", 2)]
    [InlineData(DiagnosisBand.A, true, "2024-03-16", 1)]
    [InlineData(DiagnosisBand.A, true, "2024-03-15", 2)]
    public void A_consented_recent_diagnosis_moves_the_grade_one_notch(DiagnosisBand band, bool consent, string assessedOn, int grade)
    {
        var a = Assess(TestData.ThreeYears, new LatestDiagnosis(band, DateOnly.Parse(assessedOn, null), consent));
        Assert.Equal(grade, a.Grade.Number);
        Assert.Equal(2, a.FinancialGrade.Number);
        Assert.NotNull(a.DiagnosisAdjustment);
    }

    [Fact]
    public void The_diagnosis_explains_why_it_was_not_used() =>
        Assert.Equal("The latest diagnosis was not used: the enterprise has not consented.",
            Assess(TestData.ThreeYears, new LatestDiagnosis(DiagnosisBand.A, TestData.Today, false)).DiagnosisAdjustment);

    [Fact]
    public void The_diagnosis_cannot_move_a_grade_beyond_1_or_9()
    {
        Assert.Equal(1, RiskGrading.ApplyDiagnosis(Rules, RiskGrade.Of(1), new(DiagnosisBand.A, TestData.Today, true), TestData.Today).Grade.Number);
        Assert.Equal(9, RiskGrading.ApplyDiagnosis(Rules, RiskGrade.Of(9), new(DiagnosisBand.C, TestData.Today, true), TestData.Today).Grade.Number);
        Assert.Null(RiskGrading.ApplyDiagnosis(Rules, RiskGrade.NoBalanceSheet, new(DiagnosisBand.A, TestData.Today, true), TestData.Today).Grade.Number);
    }

    [Fact]
    public void Statements_are_validated_field_by_field()
    {
        var errors = RiskGrading.Validate([TestData.Year2023, TestData.Year2024, TestData.Year2025 with { Sales = -1m, Cash = 0.001m }, TestData.Year2024]);
        Assert.Equal(["financialStatements", "financialStatements[2].cash", "financialStatements[2].sales", "financialStatements[3].fiscalYear"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => Assess([TestData.Year2024, TestData.Year2024]));
    }

    private static readonly Gen<decimal> Amounts = Gen.Choose(0, 200_000_000).Select(fen => fen / 100m * 10m);

    private static readonly Gen<FinancialStatement> Statements =
        from year in Gen.Choose(2023, 2025)
        from values in Gen.ArrayOf(Amounts, 12)
        from netAssetsSign in Gen.Elements(1m, -1m)
        from profitSign in Gen.Elements(1m, -1m)
        select new FinancialStatement(year, values[0], profitSign * values[1], profitSign * values[2], values[3], values[4], values[5],
            values[6], values[7], values[8], values[9], netAssetsSign * values[10]);

    [Fact]
    public void Any_valid_statements_get_a_grade_and_undefined_indicators_score_zero() =>
        Prop.ForAll(Gen.ListOf(Statements).Select(l => l.DistinctBy(s => s.FiscalYear).ToList()).ToArbitrary(), statements =>
        {
            var a = Assess(statements);
            var pointsMatch = a.Points is null
                || a.Points == a.Indicators.Sum(i => i.Points * i.Weight) && RiskGrading.GradeFor(Rules, a.Points.Value) == a.Grade;
            var undefinedScoreZero = a.Indicators.All(i => i.Value.IsDefined == (i.Value.UndefinedReason is null)
                && (i.Value.IsDefined || i.Points == 0 || i.Reason.Contains("no net debt", StringComparison.Ordinal)));
            return (statements.Count == 0) == (a.Grade.Number is null) && pointsMatch && undefinedScoreZero;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void More_points_never_give_a_worse_grade() =>
        Prop.ForAll(Gen.Choose(0, 16).ToArbitrary(), Gen.Choose(0, 16).ToArbitrary(), (a, b) =>
            a <= b || RiskGrading.GradeFor(Rules, a).Number <= RiskGrading.GradeFor(Rules, b).Number).QuickCheckThrowOnFailure();
}
