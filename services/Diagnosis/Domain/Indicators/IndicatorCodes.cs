namespace SmePlatform.Diagnosis.Domain.Indicators;

/// <summary>The indicators' wire codes: stable, other systems and the portal switch on them (docs/diagnosis-rules.md).</summary>
public static class IndicatorCodes
{
    // METI Local Benchmark's six, scored 1–5.
    public const string SalesGrowth = "sales_growth";
    public const string OperatingMargin = "operating_margin";
    public const string LabourProductivity = "labour_productivity";
    public const string EbitdaDebtMultiple = "ebitda_debt_multiple";
    public const string WorkingCapitalMonths = "working_capital_months";
    public const string EquityRatio = "equity_ratio";

    // The study's indices, shown but not scored.
    public const string LiabilityRatio = "liability_ratio";
    public const string CurrentRatio = "current_ratio";
    public const string SalesPerWorker = "sales_per_worker";
    public const string TotalCapitalTurnover = "total_capital_turnover";
    public const string GrossMargin = "gross_margin";

    public const string OperatingCashFlow = "operating_cash_flow";

    public static readonly IReadOnlyList<string> Scored =
        [SalesGrowth, OperatingMargin, LabourProductivity, EbitdaDebtMultiple, WorkingCapitalMonths, EquityRatio];

    public static readonly IReadOnlyList<string> Indices = [LiabilityRatio, CurrentRatio, SalesPerWorker, TotalCapitalTurnover, GrossMargin];
}

/// <summary>
/// Why an indicator has no value. Stable wire codes: chosen once, documented in docs/diagnosis-rules.md, never changed
/// (a new reason is a new code).
/// </summary>
public static class UndefinedReasons
{
    /// <summary>The formula divides by zero (no sales, no employees, no assets, no current liabilities).</summary>
    public const string DenominatorZero = "denominator_zero";

    /// <summary>Operating profit plus depreciation is below zero: a debt multiple of a loss means nothing.</summary>
    public const string NegativeEbitda = "negative_ebitda";

    /// <summary>Net assets are below zero (liabilities exceed assets): the equity ratio is not a ratio of a share any more.</summary>
    public const string NegativeEquity = "negative_equity";

    /// <summary>The formula needs the previous fiscal year (or its opening balances), which is not stored.</summary>
    public const string MissingPreviousPeriod = "missing_previous_period";

    public static readonly IReadOnlyList<string> All = [DenominatorZero, NegativeEbitda, NegativeEquity, MissingPreviousPeriod];

    /// <summary>Reasons that say the figure is bad in the indicator's own direction: such an indicator scores the lowest level.</summary>
    public static bool IsAdverse(string reason) => reason is NegativeEbitda or NegativeEquity;
}
