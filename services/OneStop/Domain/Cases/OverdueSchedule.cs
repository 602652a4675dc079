namespace SmePlatform.OneStop.Domain;

/// <summary>When the daily overdue run happens: once per working day, at a local time of day (Asia/Shanghai).</summary>
public static class OverdueSchedule
{
    /// <summary>
    /// The working day whose run is due at <paramref name="now"/>, or null. A run is due from its time of day on a working
    /// day until the day ends, so a service that starts (or restarts) after the time still runs that day's; a day already
    /// run (<paramref name="lastRun"/>) is not due again.
    /// </summary>
    public static DateOnly? DueRun(WorkingDayCalendar calendar, TimeOnly runAt, DateTimeOffset now, DateOnly? lastRun)
    {
        var today = WorkingDayCalendar.LocalDate(now);
        var timeOfDay = TimeOnly.FromTimeSpan(now.ToOffset(WorkingDayCalendar.ShanghaiOffset).TimeOfDay);
        return calendar.IsWorkingDay(today) && timeOfDay >= runAt && lastRun != today ? today : null;
    }

    /// <summary>The next instant a run becomes due after <paramref name="now"/> (given nothing is due now).</summary>
    public static DateTimeOffset NextRun(WorkingDayCalendar calendar, TimeOnly runAt, DateTimeOffset now, DateOnly? lastRun)
    {
        var today = WorkingDayCalendar.LocalDate(now);
        var day = calendar.IsWorkingDay(today) && lastRun != today && WorkingDayCalendar.StartOf(today) + runAt.ToTimeSpan() > now
            ? today
            : calendar.NextWorkingDay(today);
        return WorkingDayCalendar.StartOf(day) + runAt.ToTimeSpan();
    }
}
