using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Domain.Indicators;

/// <summary>
/// The formulas of docs/diagnosis-rules.md "Indicators": Local Benchmark's six and the study's indices of the latest
/// period, and the operating cash flow by the indirect method of each of the latest three periods.
/// </summary>
public static class IndicatorCalculator
{
    /// <summary>The indicators of the latest of <paramref name="periods"/> (any order; the previous year is used where the formula needs it).</summary>
    public static IReadOnlyList<IndicatorResult> Compute(IReadOnlyList<FinancialStatement> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0)
        {
            throw new ArgumentException("At least one period is needed.", nameof(periods));
        }

        var t = periods.MaxBy(p => p.FiscalYear)!;
        var previous = periods.FirstOrDefault(p => p.FiscalYear == t.FiscalYear - 1);
        return
        [
            SalesGrowth(t, previous),
            Ratio(IndicatorCodes.OperatingMargin, t, "operating profit / sales", Units.Ratio, In("operatingProfit", t, t.OperatingProfit), In("sales", t, t.Sales)),
            Ratio(IndicatorCodes.LabourProductivity, t, "operating profit / employees", Units.CnyPerEmployee,
                In("operatingProfit", t, t.OperatingProfit), In("employees", t, t.Employees)),
            EbitdaDebtMultiple(t),
            WorkingCapitalMonths(t),
            EquityRatio(t),
            Ratio(IndicatorCodes.LiabilityRatio, t, "total liabilities / total assets", Units.Ratio,
                In("totalLiabilities", t, t.Liabilities), In("totalAssets", t, t.TotalAssets)),
            Ratio(IndicatorCodes.CurrentRatio, t, "current assets / current liabilities", Units.Ratio,
                In("currentAssets", t, t.CurrentAssets), In("currentLiabilities", t, t.CurrentLiabilities)),
            Ratio(IndicatorCodes.SalesPerWorker, t, "sales / employees", Units.CnyPerEmployee, In("sales", t, t.Sales), In("employees", t, t.Employees)),
            Ratio(IndicatorCodes.TotalCapitalTurnover, t, "sales / total assets", Units.Times, In("sales", t, t.Sales), In("totalAssets", t, t.TotalAssets)),
            GrossMargin(t),
        ];
    }

    /// <summary>
    /// Operating cash flow by the indirect method (002:L2680-2684) for each of the latest three periods, oldest first:
    /// net profit + depreciation − Δreceivables − Δinventory + Δpayables, the deltas against the previous year's closing
    /// balances, else the statement's opening balances, else undefined (missing_previous_period).
    /// </summary>
    public static IReadOnlyList<IndicatorResult> OperatingCashFlows(IReadOnlyList<FinancialStatement> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        var byYear = periods.ToDictionary(p => p.FiscalYear);
        return
        [
            .. periods.OrderByDescending(p => p.FiscalYear).Take(StatementRules.PeriodsDiagnosed).OrderBy(p => p.FiscalYear)
                .Select(p => OperatingCashFlow(p, byYear.GetValueOrDefault(p.FiscalYear - 1))),
        ];
    }

    public static IndicatorResult OperatingCashFlow(FinancialStatement t, FinancialStatement? previous)
    {
        ArgumentNullException.ThrowIfNull(t);
        const string formula = "net profit + depreciation − (receivables − opening receivables) − (inventory − opening inventory) + (payables − opening payables)";
        var opening = previous is not null ? new OpeningBalances(previous.Receivables, previous.Inventory, previous.Payables) : t.Opening;
        var openingYear = previous?.FiscalYear ?? t.FiscalYear;
        List<IndicatorInput> inputs =
        [
            In("netProfit", t, t.NetProfit), In("depreciation", t, t.Depreciation), In("receivables", t, t.Receivables),
            In("inventory", t, t.Inventory), In("payables", t, t.Payables),
        ];
        if (opening is null)
        {
            return IndicatorResult.Undefined(IndicatorCodes.OperatingCashFlow, t.FiscalYear, UndefinedReasons.MissingPreviousPeriod, formula, Units.Cny, inputs);
        }

        inputs.Add(new IndicatorInput("openingReceivables", openingYear, opening.Receivables));
        inputs.Add(new IndicatorInput("openingInventory", openingYear, opening.Inventory));
        inputs.Add(new IndicatorInput("openingPayables", openingYear, opening.Payables));
        var value = t.NetProfit + t.Depreciation - (t.Receivables - opening.Receivables) - (t.Inventory - opening.Inventory) + (t.Payables - opening.Payables);
        return IndicatorResult.Defined(IndicatorCodes.OperatingCashFlow, t.FiscalYear, value, formula, Units.Cny, inputs);
    }

    private static IndicatorResult SalesGrowth(FinancialStatement t, FinancialStatement? previous)
    {
        const string formula = "sales(t) / sales(t−1) − 1";
        if (previous is null)
        {
            return IndicatorResult.Undefined(IndicatorCodes.SalesGrowth, t.FiscalYear, UndefinedReasons.MissingPreviousPeriod, formula, Units.Ratio,
                [In("sales", t, t.Sales)]);
        }

        IndicatorInput[] inputs = [In("sales", t, t.Sales), In("sales", previous, previous.Sales)];
        return previous.Sales == 0
            ? IndicatorResult.Undefined(IndicatorCodes.SalesGrowth, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, Units.Ratio, inputs)
            : IndicatorResult.Defined(IndicatorCodes.SalesGrowth, t.FiscalYear, (t.Sales / previous.Sales) - 1, formula, Units.Ratio, inputs);
    }

    private static IndicatorResult EbitdaDebtMultiple(FinancialStatement t)
    {
        const string formula = "(borrowings − cash) / (operating profit + depreciation)";
        IndicatorInput[] inputs = [In("borrowings", t, t.Borrowings), In("cash", t, t.Cash), In("operatingProfit", t, t.OperatingProfit), In("depreciation", t, t.Depreciation)];
        var ebitda = t.OperatingProfit + t.Depreciation;
        return ebitda switch
        {
            0 => IndicatorResult.Undefined(IndicatorCodes.EbitdaDebtMultiple, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, Units.Times, inputs),
            < 0 => IndicatorResult.Undefined(IndicatorCodes.EbitdaDebtMultiple, t.FiscalYear, UndefinedReasons.NegativeEbitda, formula, Units.Times, inputs),
            _ => IndicatorResult.Defined(IndicatorCodes.EbitdaDebtMultiple, t.FiscalYear, (t.Borrowings - t.Cash) / ebitda, formula, Units.Times, inputs),
        };
    }

    private static IndicatorResult WorkingCapitalMonths(FinancialStatement t)
    {
        const string formula = "(receivables + inventory − payables) / (sales / 12)";
        IndicatorInput[] inputs = [In("receivables", t, t.Receivables), In("inventory", t, t.Inventory), In("payables", t, t.Payables), In("sales", t, t.Sales)];
        return t.Sales == 0
            ? IndicatorResult.Undefined(IndicatorCodes.WorkingCapitalMonths, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, Units.Months, inputs)
            : IndicatorResult.Defined(IndicatorCodes.WorkingCapitalMonths, t.FiscalYear,
                (t.Receivables + t.Inventory - t.Payables) / (t.Sales / 12), formula, Units.Months, inputs);
    }

    private static IndicatorResult EquityRatio(FinancialStatement t)
    {
        const string formula = "net assets / total assets";
        IndicatorInput[] inputs = [In("netAssets", t, t.NetAssets), In("totalAssets", t, t.TotalAssets)];
        if (t.TotalAssets == 0)
        {
            return IndicatorResult.Undefined(IndicatorCodes.EquityRatio, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, Units.Ratio, inputs);
        }

        return t.NetAssets < 0
            ? IndicatorResult.Undefined(IndicatorCodes.EquityRatio, t.FiscalYear, UndefinedReasons.NegativeEquity, formula, Units.Ratio, inputs)
            : IndicatorResult.Defined(IndicatorCodes.EquityRatio, t.FiscalYear, t.NetAssets / t.TotalAssets, formula, Units.Ratio, inputs);
    }

    private static IndicatorResult GrossMargin(FinancialStatement t)
    {
        const string formula = "(sales − cost of sales) / sales";
        IndicatorInput[] inputs = [In("sales", t, t.Sales), In("costOfSales", t, t.CostOfSales)];
        return t.Sales == 0
            ? IndicatorResult.Undefined(IndicatorCodes.GrossMargin, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, Units.Ratio, inputs)
            : IndicatorResult.Defined(IndicatorCodes.GrossMargin, t.FiscalYear, (t.Sales - t.CostOfSales) / t.Sales, formula, Units.Ratio, inputs);
    }

    private static IndicatorResult Ratio(string code, FinancialStatement t, string formula, string unit, IndicatorInput numerator, IndicatorInput denominator) =>
        denominator.Value == 0
            ? IndicatorResult.Undefined(code, t.FiscalYear, UndefinedReasons.DenominatorZero, formula, unit, [numerator, denominator])
            : IndicatorResult.Defined(code, t.FiscalYear, numerator.Value / denominator.Value, formula, unit, [numerator, denominator]);

    private static IndicatorInput In(string name, FinancialStatement statement, decimal value) => new(name, statement.FiscalYear, value);
}
