using System.Globalization;

namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// Money is a <see cref="decimal"/> amount of CNY. The one rounding rule of the guarantee: a computed amount
/// (guaranteed amount, fee) is worked out at full decimal precision, divisions last, and then rounded DOWN to the fen
/// (truncated toward zero) once, at the end. Not banker's rounding and not half-up: truncation never charges an
/// enterprise more than the formula and never guarantees more than coverage × loan. It is the practice of Japan's
/// credit guarantee corporations (fees "rounded down below one yen"), from which the fee presets come.
/// </summary>
public static class Money
{
    public const string Currency = "CNY";

    /// <summary>Amounts above this (CNY 10 trillion) are typing errors.</summary>
    public const decimal MaxAmount = 10_000_000_000_000m;

    public static decimal TruncateToFen(decimal amount) => decimal.Truncate(amount * 100m) / 100m;

    public static bool HasAtMostTwoDecimals(decimal amount) => decimal.Truncate(amount * 100m) == amount * 100m;

    /// <summary>"CNY 1,200,000" for whole yuan, "CNY 1,020,000.50" otherwise.</summary>
    public static string Format(decimal amount) =>
        Currency + " " + amount.ToString(decimal.Truncate(amount) == amount ? "N0" : "N2", CultureInfo.InvariantCulture);

    /// <summary>Exactly two decimals, for figures a bank books: "CNY 7,344.00".</summary>
    public static string FormatFen(decimal amount) => Currency + " " + amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage: 0.85 → "85%", 0.0045 → "0.45%".</summary>
    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.####", CultureInfo.InvariantCulture) + "%";

    public static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
