namespace SmePlatform.Diagnosis.Domain.Indicators;

/// <summary>One input of a formula as it was used: its name, its fiscal year and its value.</summary>
public sealed record IndicatorInput(string Name, int FiscalYear, decimal Value);

/// <summary>
/// An indicator of one fiscal year: a value, or no value and the <see cref="Reason"/> (<see cref="UndefinedReasons"/>),
/// never both. <see cref="Formula"/> is the formula in words, <see cref="Inputs"/> the figures it used.
/// </summary>
public sealed record IndicatorResult(string Code, int FiscalYear, decimal? Value, string? Reason, string Formula, string Unit,
    IReadOnlyList<IndicatorInput> Inputs)
{
    public bool IsDefined => Value is not null;

    /// <summary>Ratios are shown to four decimal places, amounts to two; scores are computed on the shown value.</summary>
    public static IndicatorResult Defined(string code, int year, decimal value, string formula, string unit, IReadOnlyList<IndicatorInput> inputs) =>
        new(code, year, Math.Round(value, unit == Units.Cny ? 2 : 4, MidpointRounding.AwayFromZero), null, formula, unit, inputs);

    public static IndicatorResult Undefined(string code, int year, string reason, string formula, string unit, IReadOnlyList<IndicatorInput> inputs) =>
        new(code, year, null, reason, formula, unit, inputs);
}

/// <summary>The unit of an indicator's value.</summary>
public static class Units
{
    public const string Ratio = "ratio";
    public const string Cny = "CNY";
    public const string CnyPerEmployee = "CNY/employee";
    public const string Times = "times";
    public const string Months = "months";
}
