using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Tests.Domain;

public sealed class StatementRulesTests
{
    [Fact]
    public void The_worked_example_is_clean()
    {
        var (errors, warnings) = StatementRules.Check(WorkedExample.Fy2025, 2026);
        Assert.Empty(errors);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Impossible_figures_are_all_named_at_once()
    {
        var bad = WorkedExample.Fy2025 with { FiscalYear = 2027, Employees = -1, TotalAssets = -5m, Cash = -1m };
        var (errors, _) = StatementRules.Check(bad, 2026, "statements[0].");
        Assert.Equal(
            ["statements[0].cash", "statements[0].employees", "statements[0].fiscalYear", "statements[0].totalAssets", "statements[0].totalLiabilities"],
            errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Code == StatementRules.FutureYear);
    }

    [Theory]
    [InlineData("4720000.40", StatementRules.BalanceSheetRounding, false)]
    [InlineData("4720850", StatementRules.BalanceSheetRounding, false)]
    [InlineData("4720851", StatementRules.BalanceSheetMismatch, true)]
    public void The_balance_sheet_identity_allows_rounding_as_a_warning(string liabilities, string code, bool refused)
    {
        var statement = WorkedExample.Fy2025 with { TotalLiabilities = decimal.Parse(liabilities, System.Globalization.CultureInfo.InvariantCulture) };
        var (errors, warnings) = StatementRules.Check(statement, 2026);
        var problem = Assert.Single(refused ? errors : warnings);
        Assert.Equal(code, problem.Code);
        Assert.Equal(refused, warnings.Count == 0);
    }

    [Fact]
    public void The_latest_three_periods_must_be_consecutive()
    {
        Assert.Empty(StatementRules.CheckSeries([2020, 2023, 2024, 2025], "statements"));
        var gap = Assert.Single(StatementRules.CheckSeries([2022, 2024, 2025], "statements"));
        Assert.Equal(StatementRules.NotConsecutive, gap.Code);
        Assert.Equal(StatementRules.DuplicateYear, Assert.Single(StatementRules.CheckSeries([2025, 2025], "statements")).Code);
    }
}
