using System.Globalization;

namespace SmePlatform.Portal.Components.Shared;

/// <summary>Dates in Shenyang's time (Asia/Shanghai) and amounts as people say them: ¥, and 万元 in Chinese.</summary>
public static class Formats
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static string Date(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Shanghai).ToString("d", CultureInfo.CurrentCulture);

    public static string Time(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Shanghai).ToString("t", CultureInfo.CurrentCulture);

    public static string DateTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Shanghai).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>¥ in full in English; in 万元 (ten thousands) in Chinese above ¥10,000, as Chinese readers count money.</summary>
    public static string Yuan(decimal amount) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" && Math.Abs(amount) >= 10_000m
            ? (amount / 10_000m).ToString("#,##0.##", CultureInfo.CurrentCulture) + " 万元"
            : "¥" + amount.ToString("#,##0.##", CultureInfo.CurrentCulture);

    public static string Count(long? value) => value?.ToString("N0", CultureInfo.CurrentCulture) ?? "";
}
