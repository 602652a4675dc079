using FsCheck;
using FsCheck.Fluent;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class CoverageAndFeeTests
{
    private static readonly GuaranteeConfiguration Config = TestData.Config;

    private static LoanRequest Standard(decimal amount, decimal requested = 1m) =>
        new(amount, 12, GuaranteeConfiguration.StandardProgramme, requested, InstalmentPlan.Bullet);

    [Theory]
    [InlineData("0.01", "0.85")]
    [InlineData("1199999.99", "0.85")]
    [InlineData("1200000", "0.85")]
    [InlineData("1200000.01", "0.75")]
    [InlineData("50000000", "0.75")]
    public void Standard_coverage_is_85_percent_up_to_and_including_1_2_million_and_75_above(string amount, string coverage) =>
        Assert.Equal(decimal.Parse(coverage, null), CoverageCalculator.Compute(Config, Standard(decimal.Parse(amount, null))).Coverage);

    [Theory]
    [InlineData("100000")]
    [InlineData("1200000.01")]
    public void Express_coverage_is_50_percent_of_any_amount(string amount)
    {
        var result = CoverageCalculator.Compute(Config, Standard(decimal.Parse(amount, null)) with { Programme = "express" });
        Assert.Equal(0.50m, result.Coverage);
        Assert.StartsWith("Coverage 50%: loans of any amount in the express programme.", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Worked_example_2_coverage_at_exactly_1_2_million()
    {
        var result = CoverageCalculator.Compute(Config, TestData.Loan);
        Assert.Equal(0.85m, result.Coverage);
        Assert.Equal(1_020_000.00m, result.GuaranteedAmount);
        Assert.Equal(
            "Coverage 85%: loans up to CNY 1,200,000 in the standard programme. Guaranteed amount CNY 1,020,000.00 = CNY 1,200,000 × 85%, rounded down to the fen.",
            result.Reason);
    }

    [Fact]
    public void A_lower_requested_coverage_wins_and_says_so()
    {
        var result = CoverageCalculator.Compute(Config, Standard(1_000_000m, 0.70m));
        Assert.Equal(0.70m, result.Coverage);
        Assert.Equal(0.85m, result.RuleCoverage);
        Assert.Equal(700_000m, result.GuaranteedAmount);
        Assert.StartsWith("Coverage 70%: the bank requested 70%, below the 85% allowed for loans up to CNY 1,200,000 in the standard programme.", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Worked_example_3_one_fen_above_the_band_and_the_guaranteed_amount_rounded_down()
    {
        var coverage = CoverageCalculator.Compute(Config, new LoanRequest(1_200_000.01m, 36, "standard", 1m, InstalmentPlan.Monthly(36)));
        Assert.Equal(900_000.00m, coverage.GuaranteedAmount); // 900,000.0075 rounded down
        Assert.StartsWith("Coverage 75%: loans above CNY 1,200,000 in the standard programme.", coverage.Reason, StringComparison.Ordinal);
        var fee = FeeCalculator.Compute(Config, RiskGrade.Of(5), coverage.GuaranteedAmount, 36, InstalmentPlan.Monthly(36));
        Assert.Equal(17_077.50m, fee.Fee);
    }

    [Fact]
    public void Worked_example_2_fee()
    {
        var fee = FeeCalculator.Compute(Config, RiskGrade.Of(2), 1_020_000m, 24, InstalmentPlan.Monthly(24));
        Assert.Equal(0.0060m, fee.AnnualRate);
        Assert.Equal(0.60m, fee.InstalmentFactor);
        Assert.Equal(7_344.00m, fee.Fee);
        Assert.Equal(
            "Fee CNY 7,344.00 = 0.6% (grade 2) × CNY 1,020,000.00 guaranteed × 24/12 years × 0.6 (24 equal instalments, band 13–24), rounded down to the fen.",
            fee.Reason);
    }

    /// <summary>Half-up or banker's rounding would give 3,140.28; the fee is rounded down.</summary>
    [Fact]
    public void Worked_example_4_the_fee_is_rounded_down_to_the_fen()
    {
        var coverage = CoverageCalculator.Compute(Config, new LoanRequest(333_333.33m, 7, "standard", 1m, InstalmentPlan.Bullet));
        Assert.Equal(283_333.33m, coverage.GuaranteedAmount);
        var fee = FeeCalculator.Compute(Config, RiskGrade.Of(9), coverage.GuaranteedAmount, 7, InstalmentPlan.Bullet);
        Assert.Equal(3_140.27m, fee.Fee); // 3,140.2777…
        Assert.Contains("× 1 (repaid in one sum at maturity)", fee.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Worked_example_5_express_without_a_balance_sheet()
    {
        var coverage = CoverageCalculator.Compute(Config, new LoanRequest(500_000m, 12, "express", 0.80m, InstalmentPlan.Monthly(12)));
        Assert.Equal(250_000m, coverage.GuaranteedAmount);
        var fee = FeeCalculator.Compute(Config, RiskGrade.NoBalanceSheet, coverage.GuaranteedAmount, 12, InstalmentPlan.Monthly(12));
        Assert.Equal(0.0115m, fee.AnnualRate);
        Assert.Equal(1_868.75m, fee.Fee);
        Assert.Contains("(no balance sheet)", fee.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InstalmentType.Bullet, 1, "1.00")]
    [InlineData(InstalmentType.EqualInstalments, 2, "0.70")]
    [InlineData(InstalmentType.EqualInstalments, 6, "0.70")]
    [InlineData(InstalmentType.EqualInstalments, 7, "0.65")]
    [InlineData(InstalmentType.EqualInstalments, 12, "0.65")]
    [InlineData(InstalmentType.EqualInstalments, 13, "0.60")]
    [InlineData(InstalmentType.EqualInstalments, 24, "0.60")]
    [InlineData(InstalmentType.EqualInstalments, 25, "0.55")]
    [InlineData(InstalmentType.EqualInstalments, 360, "0.55")]
    public void Instalment_factors_by_number_of_equal_instalments(InstalmentType type, int instalments, string factor) =>
        Assert.Equal(decimal.Parse(factor, null), FeeCalculator.InstalmentFactor(Config.Instalments, new InstalmentPlan(type, instalments)).Factor);

    /// <summary>
    /// A consequence of the instalment table, pinned so that nobody is surprised: one more monthly instalment across
    /// the 24/25 boundary lowers the fee (the fee is monotone in the term only for a fixed instalment plan).
    /// </summary>
    [Fact]
    public void A_25_month_monthly_loan_pays_less_than_a_24_month_one()
    {
        var fee24 = FeeCalculator.Compute(Config, RiskGrade.Of(2), 1_020_000m, 24, InstalmentPlan.Monthly(24)).Fee;
        var fee25 = FeeCalculator.Compute(Config, RiskGrade.Of(2), 1_020_000m, 25, InstalmentPlan.Monthly(25)).Fee;
        Assert.Equal((7_344.00m, 7_012.50m), (fee24, fee25));
    }

    private static readonly Gen<decimal> Amounts = Gen.Choose(1, int.MaxValue).Select(fen => fen / 100m);

    private static readonly Gen<decimal> Coverages = Gen.Choose(1, 10_000).Select(bp => bp / 10_000m);

    private static readonly Gen<LoanRequest> Requests =
        from amount in Amounts
        from requested in Coverages
        from programme in Gen.Elements("standard", "express")
        select new LoanRequest(amount, 12, programme, requested, InstalmentPlan.Bullet);

    [Fact]
    public void Coverage_never_exceeds_the_requested_or_the_rule_and_the_guaranteed_amount_never_exceeds_the_loan() =>
        Prop.ForAll(Requests.ToArbitrary(), request =>
        {
            var result = CoverageCalculator.Compute(Config, request);
            var exact = request.LoanAmount * result.Coverage;
            return result.Coverage <= request.RequestedCoverage
                && result.Coverage <= result.RuleCoverage
                && result.Coverage == Math.Min(request.RequestedCoverage, result.RuleCoverage)
                && result.GuaranteedAmount <= request.LoanAmount
                && result.GuaranteedAmount <= exact
                && exact - result.GuaranteedAmount < 0.01m
                && Money.HasAtMostTwoDecimals(result.GuaranteedAmount);
        }).QuickCheckThrowOnFailure();

    private static readonly Gen<(int Grade, int Term, InstalmentPlan Plan)> Terms =
        from grade in Gen.Choose(1, 9)
        from term in Gen.Choose(1, 360)
        from plan in Gen.OneOf(Gen.Constant(InstalmentPlan.Bullet), Gen.Choose(2, 360).Select(n => new InstalmentPlan(InstalmentType.EqualInstalments, n)))
        select (grade, term, plan);

    [Fact]
    public void The_fee_is_monotone_in_the_guaranteed_amount() =>
        Prop.ForAll(Amounts.ToArbitrary(), Amounts.ToArbitrary(), Terms.ToArbitrary(), (a, b, t) =>
        {
            var (low, high) = a <= b ? (a, b) : (b, a);
            return Fee(t.Grade, low, t.Term, t.Plan) <= Fee(t.Grade, high, t.Term, t.Plan);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_fee_is_monotone_in_the_term_for_a_fixed_instalment_plan() =>
        Prop.ForAll(Amounts.ToArbitrary(), Terms.ToArbitrary(), Gen.Choose(0, 120).ToArbitrary(), (amount, t, extra) =>
            Fee(t.Grade, amount, t.Term, t.Plan) <= Fee(t.Grade, amount, t.Term + extra, t.Plan)).QuickCheckThrowOnFailure();

    [Fact]
    public void The_fee_is_monotone_in_the_grade_and_never_above_the_guaranteed_amount_times_the_years() =>
        Prop.ForAll(Amounts.ToArbitrary(), Terms.ToArbitrary(), (amount, t) =>
            (t.Grade == 9 || Fee(t.Grade, amount, t.Term, t.Plan) <= Fee(t.Grade + 1, amount, t.Term, t.Plan))
            && Fee(t.Grade, amount, t.Term, t.Plan) <= amount * 0.019m * t.Term / 12m).QuickCheckThrowOnFailure();

    private static decimal Fee(int grade, decimal guaranteed, int term, InstalmentPlan plan) =>
        FeeCalculator.Compute(Config, RiskGrade.Of(grade), guaranteed, term, plan).Fee;
}
