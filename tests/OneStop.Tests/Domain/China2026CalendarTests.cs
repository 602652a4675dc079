using System.Globalization;

namespace SmePlatform.OneStop.Tests.Domain;

/// <summary>The 2026 schedule of the State Council notice of 2025-11-04, as <see cref="WorkingDayCalendar.China"/> holds it.</summary>
public sealed class China2026CalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China;

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    private static DateTimeOffset Shanghai(string localTime) =>
        new(DateTime.Parse(localTime, CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    [Theory]
    [InlineData("2026-01-01", false)] // New Year's Day, Thursday
    [InlineData("2026-01-02", false)] // Friday, bridged
    [InlineData("2026-01-04", true)] // Sunday worked
    [InlineData("2026-02-13", true)] // Friday before the Spring Festival
    [InlineData("2026-02-14", true)] // Saturday worked
    [InlineData("2026-02-16", false)]
    [InlineData("2026-02-23", false)] // Monday, the last of nine days
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)] // Saturday worked
    [InlineData("2026-04-06", false)] // Qingming Monday
    [InlineData("2026-05-05", false)] // Labour Day Tuesday
    [InlineData("2026-05-09", true)] // Saturday worked
    [InlineData("2026-06-19", false)] // Dragon Boat Friday
    [InlineData("2026-09-20", true)] // Sunday worked
    [InlineData("2026-09-25", false)] // Mid-Autumn Friday
    [InlineData("2026-10-07", false)] // National Day Wednesday
    [InlineData("2026-10-08", true)]
    [InlineData("2026-10-10", true)] // Saturday worked
    [InlineData("2026-11-21", false)] // an ordinary Saturday
    public void Working_days_of_2026(string day, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(Day(day)));

    [Fact]
    public void The_calendar_covers_2025_and_2026() =>
        Assert.Equal(
            [2025, 2026],
            Calendar.Data.CoveredYears);

    [Theory]
    [InlineData("2026-02-12 10:00", 2, "2026-02-14")] // Thursday + 2: the make-up Saturday counts
    [InlineData("2026-02-12 10:00", 3, "2026-02-24")] // then nine days off
    [InlineData("2026-09-30 16:00", 1, "2026-10-08")] // over National Day
    [InlineData("2026-09-30 16:00", 2, "2026-10-09")]
    [InlineData("2026-09-30 16:00", 3, "2026-10-10")] // the make-up Saturday
    [InlineData("2025-12-30 10:00", 2, "2026-01-04")] // across the year end, onto the make-up Sunday
    public void Due_dates_of_2026_are_not_provisional(string start, int limit, string due)
    {
        var deadline = Calendar.Deadline(Shanghai(start), limit);
        Assert.Equal(Day(due), deadline.DueDate);
        Assert.False(deadline.Provisional);
    }

    [Fact]
    public void A_due_date_in_2027_is_provisional_because_its_notice_is_not_encoded() =>
        Assert.True(Calendar.Deadline(Shanghai("2026-12-28 09:00"), 5).Provisional);
}
