using SmePlatform.Diagnosis.Domain.Indicators;

namespace SmePlatform.Diagnosis.Tests.Domain;

public sealed class IndicatorCalculatorTests
{
    private static IndicatorResult Of(IReadOnlyList<IndicatorResult> all, string code) => all.Single(i => i.Code == code);

    [Theory]
    [InlineData(IndicatorCodes.SalesGrowth, "0.1000")]
    [InlineData(IndicatorCodes.OperatingMargin, "0.0700")]
    [InlineData(IndicatorCodes.LabourProductivity, "14000.0000")]
    [InlineData(IndicatorCodes.EbitdaDebtMultiple, "2.0000")]
    [InlineData(IndicatorCodes.WorkingCapitalMonths, "1.9636")]
    [InlineData(IndicatorCodes.EquityRatio, "0.4447")]
    [InlineData(IndicatorCodes.LiabilityRatio, "0.5553")]
    [InlineData(IndicatorCodes.CurrentRatio, "1.5600")]
    [InlineData(IndicatorCodes.SalesPerWorker, "200000.0000")]
    [InlineData(IndicatorCodes.TotalCapitalTurnover, "1.2941")]
    [InlineData(IndicatorCodes.GrossMargin, "0.2600")]
    public void The_worked_example_gives_the_documented_values(string code, string expected)
    {
        var indicators = IndicatorCalculator.Compute([WorkedExample.Fy2024, WorkedExample.Fy2025]);
        var indicator = Of(indicators, code);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), indicator.Value);
        Assert.Null(indicator.Reason);
        Assert.Equal(2025, indicator.FiscalYear);
        Assert.NotEmpty(indicator.Inputs);
    }

    [Fact]
    public void Every_indicator_is_computed_once()
    {
        var codes = IndicatorCalculator.Compute([WorkedExample.Fy2025]).Select(i => i.Code).ToList();
        Assert.Equal([.. IndicatorCodes.Scored, .. IndicatorCodes.Indices], codes);
    }

    [Fact]
    public void Sales_growth_names_both_years_inputs()
    {
        var growth = Of(IndicatorCalculator.Compute([WorkedExample.Fy2025, WorkedExample.Fy2024]), IndicatorCodes.SalesGrowth);
        Assert.Equal([new IndicatorInput("sales", 2025, 11_000_000m), new IndicatorInput("sales", 2024, 10_000_000m)], growth.Inputs);
        Assert.Equal("sales(t) / sales(t−1) − 1", growth.Formula);
    }

    [Fact]
    public void Without_the_previous_year_sales_growth_is_undefined_for_that_reason()
    {
        var growth = Of(IndicatorCalculator.Compute([WorkedExample.Fy2025]), IndicatorCodes.SalesGrowth);
        Assert.Null(growth.Value);
        Assert.Equal(UndefinedReasons.MissingPreviousPeriod, growth.Reason);
    }

    [Fact]
    public void A_loss_before_depreciation_makes_the_debt_multiple_undefined_not_negative()
    {
        var loss = WorkedExample.Fy2025 with { OperatingProfit = -400_000m };
        var multiple = Of(IndicatorCalculator.Compute([loss]), IndicatorCodes.EbitdaDebtMultiple);
        Assert.Null(multiple.Value);
        Assert.Equal(UndefinedReasons.NegativeEbitda, multiple.Reason);
    }

    [Fact]
    public void Zero_ebitda_is_a_zero_denominator()
    {
        var flat = WorkedExample.Fy2025 with { OperatingProfit = -230_000m };
        Assert.Equal(UndefinedReasons.DenominatorZero, Of(IndicatorCalculator.Compute([flat]), IndicatorCodes.EbitdaDebtMultiple).Reason);
    }

    [Fact]
    public void Net_cash_gives_a_negative_multiple_which_is_a_number()
    {
        var cashRich = WorkedExample.Fy2025 with { Cash = 4_000_000m };
        Assert.Equal(-1m, Of(IndicatorCalculator.Compute([cashRich]), IndicatorCodes.EbitdaDebtMultiple).Value);
    }

    [Fact]
    public void Negative_equity_makes_the_equity_ratio_undefined_but_the_liability_ratio_still_counts()
    {
        var insolvent = WorkedExample.Fy2025 with { NetAssets = -500_000m, TotalLiabilities = null };
        var all = IndicatorCalculator.Compute([insolvent]);
        Assert.Equal(UndefinedReasons.NegativeEquity, Of(all, IndicatorCodes.EquityRatio).Reason);
        Assert.Equal(1.0588m, Of(all, IndicatorCodes.LiabilityRatio).Value);
    }

    [Fact]
    public void No_sales_and_no_employees_are_zero_denominators_and_nothing_throws()
    {
        var dormant = WorkedExample.Fy2025 with { Sales = 0, CostOfSales = 0, Employees = 0, CurrentLiabilities = 0, TotalAssets = 0, NetAssets = 0, CurrentAssets = 0, TotalLiabilities = null };
        var all = IndicatorCalculator.Compute([WorkedExample.Fy2024 with { Sales = 0 }, dormant]);
        foreach (var code in new[] { IndicatorCodes.SalesGrowth, IndicatorCodes.OperatingMargin, IndicatorCodes.LabourProductivity, IndicatorCodes.WorkingCapitalMonths,
                     IndicatorCodes.EquityRatio, IndicatorCodes.CurrentRatio, IndicatorCodes.SalesPerWorker, IndicatorCodes.TotalCapitalTurnover, IndicatorCodes.GrossMargin })
        {
            Assert.Equal(UndefinedReasons.DenominatorZero, Of(all, code).Reason);
            Assert.Null(Of(all, code).Value);
        }
    }

    [Fact]
    public void Operating_cash_flow_uses_the_previous_year_else_the_opening_balances_else_is_undefined()
    {
        var flows = IndicatorCalculator.OperatingCashFlows([WorkedExample.Fy2024, WorkedExample.Fy2025]);
        Assert.Equal([2024, 2025], flows.Select(f => f.FiscalYear));
        Assert.Equal(700_000m, flows[0].Value);
        Assert.Equal(710_000m, flows[1].Value);
        Assert.Contains(new IndicatorInput("openingReceivables", 2024, 1_500_000m), flows[1].Inputs);

        var alone = IndicatorCalculator.OperatingCashFlows([WorkedExample.Fy2025]);
        Assert.Equal(UndefinedReasons.MissingPreviousPeriod, alone.Single().Reason);
    }

    [Fact]
    public void Only_the_latest_three_periods_get_a_cash_flow()
    {
        var years = Enumerable.Range(2020, 6).Select(y => WorkedExample.Fy2025 with { FiscalYear = y }).ToList();
        Assert.Equal([2023, 2024, 2025], IndicatorCalculator.OperatingCashFlows(years).Select(f => f.FiscalYear));
    }
}
