namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// The fund's dates are Shenyang's (Asia/Shanghai): a loan disbursed "on 2026-03-16" and a claim filed "today" are
/// compared on that calendar, whatever the server's zone.
/// </summary>
public static class FundCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/> (0 on the same day).</summary>
    public static int DaysBetween(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;
}
