namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// One fiscal year of an enterprise's statements, in CNY. Balances are at the year end. <see cref="Opening"/> gives
/// the working-capital balances at the start of the year when the previous year's statement is not supplied.
/// </summary>
public sealed record FinancialStatement(
    int FiscalYear,
    decimal Sales,
    decimal OperatingProfit,
    decimal NetProfit,
    decimal Depreciation,
    decimal Receivables,
    decimal Inventory,
    decimal Payables,
    decimal Cash,
    decimal Borrowings,
    decimal TotalAssets,
    decimal NetAssets,
    WorkingCapital? Opening = null);

public sealed record WorkingCapital(decimal Receivables, decimal Inventory, decimal Payables);

/// <summary>The management-assessment band of the latest diagnosis (002:L1405-1411, L3239-3262).</summary>
public enum DiagnosisBand
{
    A,
    B,
    C,
}

/// <summary>The enterprise's latest diagnosis; used only when it consented.</summary>
public sealed record LatestDiagnosis(DiagnosisBand Band, DateOnly AssessedOn, bool ConsentGiven);

/// <summary>A ratio that is either a number or undefined with the reason (zero denominator, negative equity …), never a made-up number.</summary>
public sealed record IndicatorValue(decimal? Value, string? UndefinedReason)
{
    public bool IsDefined => Value is not null;

    public static IndicatorValue Of(decimal value) => new(value, null);

    public static IndicatorValue Undefined(string reason) => new(null, reason);

    public override string ToString() => Value is { } v ? Money.Number(decimal.Round(v, 4)) : $"undefined ({UndefinedReason})";
}

/// <summary>Risk grade 1 (best) to 9, or no grade when there is no balance sheet (<see cref="Number"/> null).</summary>
public sealed record RiskGrade(int? Number)
{
    public static RiskGrade NoBalanceSheet { get; } = new((int?)null);

    public static RiskGrade Of(int number) =>
        number is >= 1 and <= FeeSchedule.Grades ? new RiskGrade(number) : throw new ArgumentOutOfRangeException(nameof(number));

    public override string ToString() => Number is { } n ? $"grade {n}" : "no balance sheet";
}

public sealed record OperatingCashFlowYear(int FiscalYear, IndicatorValue Value);

/// <summary>What one indicator scored and why, e.g. "Equity ratio 32.5% (2025): at least 25% → 3 points".</summary>
public sealed record IndicatorScore(string Indicator, int FiscalYear, IndicatorValue Value, int Points, int Weight, string Reason);

public sealed record RiskAssessment(
    RiskGrade Grade,
    RiskGrade FinancialGrade,
    int? Points,
    IReadOnlyList<OperatingCashFlowYear> OperatingCashFlows,
    IReadOnlyList<IndicatorScore> Indicators,
    string? DiagnosisAdjustment,
    string Reason);
