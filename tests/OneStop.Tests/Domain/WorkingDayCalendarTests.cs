using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China2025;

    private static DateTimeOffset Shanghai(string localTime) =>
        new(DateTime.Parse(localTime, CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-03-03", true)] // Monday
    [InlineData("2025-03-08", false)] // Saturday
    [InlineData("2025-03-09", false)] // Sunday
    [InlineData("2025-01-01", false)] // New Year's Day, a Wednesday
    [InlineData("2025-01-28", false)] // Spring Festival
    [InlineData("2025-02-04", false)]
    [InlineData("2025-01-26", true)] // Sunday worked to make up for the Spring Festival (调休)
    [InlineData("2025-02-08", true)] // Saturday worked
    [InlineData("2025-04-27", true)]
    [InlineData("2025-09-28", true)]
    [InlineData("2025-10-08", false)] // National Day, a Wednesday
    [InlineData("2025-10-11", true)]
    public void Working_days_of_2025(string day, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(Day(day)));

    [Theory]
    [InlineData("2025-03-03 09:00", 0, "2025-03-03")] // limit 0: same day
    [InlineData("2025-03-03 09:00", 1, "2025-03-04")] // the day of receipt is not counted
    [InlineData("2025-03-07 16:00", 1, "2025-03-10")] // Friday + 1 → Monday
    [InlineData("2025-03-08 10:00", 0, "2025-03-10")] // received on Saturday: counts from Monday
    [InlineData("2025-03-08 10:00", 1, "2025-03-11")]
    [InlineData("2025-01-27 10:00", 1, "2025-02-05")] // over the Spring Festival
    [InlineData("2025-01-27 10:00", 4, "2025-02-08")] // lands on the make-up Saturday
    [InlineData("2025-01-27 10:00", 5, "2025-02-10")]
    [InlineData("2025-01-26 10:00", 1, "2025-01-27")] // received on the make-up Sunday: a working day
    [InlineData("2025-01-28 10:00", 0, "2025-02-05")] // received during the holiday
    [InlineData("2025-09-30 17:00", 1, "2025-10-09")] // over National Day
    [InlineData("2025-09-30 17:00", 3, "2025-10-11")]
    [InlineData("2025-04-30 09:00", 1, "2025-05-06")] // over Labour Day
    [InlineData("2025-03-03 09:00", 20, "2025-03-31")]
    public void Due_dates(string start, int limit, string due)
    {
        var deadline = Calendar.Deadline(Shanghai(start), limit);
        Assert.Equal(Day(due), deadline.DueDate);
        Assert.Equal(Shanghai(due).AddDays(1), deadline.DueBy);
        Assert.False(deadline.Provisional);
    }

    [Fact]
    public void The_local_date_is_taken_in_Asia_Shanghai_not_UTC()
    {
        // Friday 17:30 UTC is Saturday 01:30 in Shanghai: the clock counts from Monday.
        var deadline = Calendar.Deadline(new DateTimeOffset(2025, 3, 7, 17, 30, 0, TimeSpan.Zero), 1);
        Assert.Equal((Day("2025-03-10"), Day("2025-03-11")), (deadline.CountsFrom, deadline.DueDate));
    }

    [Fact]
    public void Overdue_begins_when_the_due_date_ends()
    {
        var deadline = Calendar.Deadline(Shanghai("2025-03-03 09:00"), 0);
        Assert.False(deadline.IsOverdue(Shanghai("2025-03-03 23:59:59")));
        Assert.True(deadline.IsOverdue(Shanghai("2025-03-04 00:00")));
        Assert.True(deadline.IsOverdue(new DateTimeOffset(2025, 3, 3, 16, 0, 0, TimeSpan.Zero))); // 00:00 next day in Shanghai
    }

    [Theory]
    [InlineData("2025-03-03 09:00", 5)]
    [InlineData("2025-03-07 12:00", 1)]
    [InlineData("2025-03-08 12:00", 1)] // Saturday: Monday is still ahead
    [InlineData("2025-03-10 18:00", 0)] // due today
    [InlineData("2025-03-11 08:00", -1)]
    [InlineData("2025-03-15 08:00", -4)] // Saturday after Tue–Fri overdue
    public void Remaining_working_days(string now, int remaining)
    {
        var deadline = Calendar.Deadline(Shanghai("2025-03-03 09:00"), 5);
        Assert.Equal(Day("2025-03-10"), deadline.DueDate);
        Assert.Equal(remaining, Calendar.RemainingWorkingDays(deadline, Shanghai(now)));
        Assert.Equal(remaining < 0, deadline.IsOverdue(Shanghai(now)));
    }

    [Fact]
    public void A_Saturday_after_a_Friday_due_date_is_already_overdue()
    {
        var deadline = Calendar.Deadline(Shanghai("2025-03-06 09:00"), 1);
        Assert.Equal(Day("2025-03-07"), deadline.DueDate);
        Assert.Equal(-1, Calendar.RemainingWorkingDays(deadline, Shanghai("2025-03-08 09:00")));
    }

    [Fact]
    public void A_due_date_in_a_year_without_holiday_data_is_provisional() =>
        Assert.True(Calendar.Deadline(Shanghai("2025-12-29 09:00"), 5).Provisional);

    [Theory]
    [InlineData(-1)]
    [InlineData(WorkingDayCalendar.MaxTimeLimit + 1)]
    public void Absurd_time_limits_are_refused(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.Deadline(Shanghai("2025-03-03 09:00"), limit));

    [Fact]
    public void Calendar_data_that_contradicts_itself_is_refused()
    {
        var (calendar, errors) = WorkingDayCalendar.Create(new HolidayCalendarData("bad", [2025],
            [Day("2025-01-01"), Day("2025-02-08")],
            [Day("2025-02-08"), Day("2025-03-05"), Day("2026-01-04")],
            "test"));
        Assert.Null(calendar);
        Assert.Equal(["adjustedWorkingDays", "coveredYears"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, errors["adjustedWorkingDays"].Length); // both a holiday and a make-up day; a weekday "make-up"
    }

    [Fact]
    public void A_due_date_is_a_working_day_exactly_the_limit_after_the_day_counted_from()
    {
        var cases = from minutes in Gen.Choose(0, 360 * 24 * 60)
                    from limit in Gen.Choose(0, 25)
                    select (start: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).AddMinutes(minutes), limit);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var deadline = Calendar.Deadline(c.start, c.limit);
            var longer = Calendar.Deadline(c.start, c.limit + 1);
            return Calendar.IsWorkingDay(deadline.DueDate)
                && Calendar.IsWorkingDay(deadline.CountsFrom)
                && deadline.CountsFrom >= WorkingDayCalendar.LocalDate(c.start)
                && Calendar.CountWorkingDays(deadline.CountsFrom, deadline.DueDate) == c.limit
                && longer.DueDate > deadline.DueDate
                && Calendar.RemainingWorkingDays(deadline, WorkingDayCalendar.StartOf(deadline.CountsFrom)) == c.limit;
        }).QuickCheckThrowOnFailure();
    }
}
