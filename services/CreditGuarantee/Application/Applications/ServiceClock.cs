using System.Globalization;
using System.Text;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>Times are stored in UTC; the fund's dates (submission date, today) are Shenyang's (Asia/Shanghai).</summary>
public static class ServiceClock
{
    public static readonly TimeZoneInfo Zone = Domain.FundCalendar.Zone;

    public static DateOnly Today(DateTimeOffset now) => Domain.FundCalendar.DateOf(now);
}

/// <summary>
/// An opaque cursor over a (time, id) order: the position after the last item of a page. Times keep PostgreSQL's
/// microsecond precision, so the next page starts exactly after the last row.
/// </summary>
public static class Cursor
{
    public static string Format(DateTimeOffset at, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            (at.UtcTicks / 10).ToString(CultureInfo.InvariantCulture) + "|" + id.ToString("N")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTimeOffset At, Guid Id)? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 100)
        {
            return null;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
                && Guid.TryParseExact(parts[1], "N", out var id) && micros >= 0 && micros <= DateTimeOffset.MaxValue.UtcTicks / 10
                ? (new DateTimeOffset(micros * 10, TimeSpan.Zero), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
