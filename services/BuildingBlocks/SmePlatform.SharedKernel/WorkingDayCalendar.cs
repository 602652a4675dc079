namespace SmePlatform.SharedKernel;

/// <summary>
/// The holiday calendar as data: public holidays (days off that would otherwise be working days) and the adjusted
/// working days (调休: weekend days worked to make up for a bridged holiday), for the years it covers.
/// </summary>
public sealed record HolidayCalendarData(
    string Id,
    IReadOnlyList<int> CoveredYears,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<DateOnly> AdjustedWorkingDays,
    string Source);

/// <summary>The due date of a time limit: when the clock started, the day it counts from, the due date, and the instant it ends.</summary>
public sealed record SlaDeadline(
    DateTimeOffset StartedAt,
    int TimeLimitWorkingDays,
    DateOnly CountsFrom,
    DateOnly DueDate,
    DateTimeOffset DueBy,
    bool Provisional)
{
    /// <summary>Overdue once the due date has ended in Asia/Shanghai.</summary>
    public bool IsOverdue(DateTimeOffset now) => now >= DueBy;
}

/// <summary>
/// Working days in Asia/Shanghai. A day is a working day when it is an adjusted working day, or else when it is
/// neither a weekend day (Saturday, Sunday) nor a public holiday. China has kept UTC+8 without daylight saving since
/// 1991, so local dates are computed with a fixed +08:00 offset: no time-zone database is needed.
/// </summary>
public sealed class WorkingDayCalendar
{
    public static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    /// <summary>The longest time limit accepted (about ten years of working days); beyond it is a typing error.</summary>
    public const int MaxTimeLimit = 2500;

    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> adjustedWorkingDays;
    private readonly HashSet<int> coveredYears;

    private WorkingDayCalendar(HolidayCalendarData data)
    {
        Data = data;
        holidays = [.. data.Holidays];
        adjustedWorkingDays = [.. data.AdjustedWorkingDays];
        coveredYears = [.. data.CoveredYears];
    }

    public HolidayCalendarData Data { get; }

    /// <summary>Validates the data (keyed by field) and builds the calendar.</summary>
    public static (WorkingDayCalendar? Calendar, Dictionary<string, string[]> Errors) Create(HolidayCalendarData data)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(data.Id))
        {
            errors["id"] = ["The calendar id is required."];
        }

        var both = data.Holidays.Intersect(data.AdjustedWorkingDays).Order().ToList();
        if (both.Count > 0)
        {
            errors["adjustedWorkingDays"] = [$"A day cannot be both a holiday and an adjusted working day: {string.Join(", ", both.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}."];
        }

        var weekdays = data.AdjustedWorkingDays.Where(d => !IsWeekend(d)).ToList();
        if (weekdays.Count > 0)
        {
            errors["adjustedWorkingDays"] = [.. errors.GetValueOrDefault("adjustedWorkingDays") ?? [],
                $"Adjusted working days are weekend days; these are weekdays: {string.Join(", ", weekdays.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}."];
        }

        var outside = data.Holidays.Concat(data.AdjustedWorkingDays).Where(d => !data.CoveredYears.Contains(d.Year)).Distinct().ToList();
        if (outside.Count > 0)
        {
            errors["coveredYears"] = [$"Dates outside the covered years: {string.Join(", ", outside.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))}."];
        }

        return errors.Count == 0 ? (new WorkingDayCalendar(data), errors) : (null, errors);
    }

    /// <summary>China's 2025 calendar, from the State Council General Office notice on the 2025 holidays (国办发明电〔2024〕12号).</summary>
    public static HolidayCalendarData China2025Data { get; } = new(
        "CN-2025",
        [2025],
        [
            new(2025, 1, 1),
            .. Days(new(2025, 1, 28), new(2025, 2, 4)), // Spring Festival
            .. Days(new(2025, 4, 4), new(2025, 4, 6)), // Qingming
            .. Days(new(2025, 5, 1), new(2025, 5, 5)), // Labour Day
            .. Days(new(2025, 5, 31), new(2025, 6, 2)), // Dragon Boat
            .. Days(new(2025, 10, 1), new(2025, 10, 8)), // National Day and Mid-Autumn
        ],
        [new(2025, 1, 26), new(2025, 2, 8), new(2025, 4, 27), new(2025, 9, 28), new(2025, 10, 11)],
        "国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)");

    /// <summary>
    /// China's 2026 calendar, from 国务院办公厅关于2026年部分节假日安排的通知 of 2025-11-04, as published by Xinhua
    /// (e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm) and on gov.cn
    /// (https://www.gov.cn/zhengce/content/202511/content_7047090.htm). The notice's document number is not in the text
    /// we had, so it is not quoted. The 2027 notice was not found (checked 2026-11-21): 2027 stays uncovered and any
    /// deadline reaching it is provisional.
    /// </summary>
    public static HolidayCalendarData China2026Data { get; } = new(
        "CN-2026",
        [2026],
        [
            .. Days(new(2026, 1, 1), new(2026, 1, 3)), // New Year's Day
            .. Days(new(2026, 2, 15), new(2026, 2, 23)), // Spring Festival, nine days
            .. Days(new(2026, 4, 4), new(2026, 4, 6)), // Qingming
            .. Days(new(2026, 5, 1), new(2026, 5, 5)), // Labour Day
            .. Days(new(2026, 6, 19), new(2026, 6, 21)), // Dragon Boat
            .. Days(new(2026, 9, 25), new(2026, 9, 27)), // Mid-Autumn
            .. Days(new(2026, 10, 1), new(2026, 10, 7)), // National Day
        ],
        [new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10)],
        "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)");

    public static WorkingDayCalendar China2025 { get; } = Create(China2025Data).Calendar!;

    /// <summary>The calendar cases use: every year whose State Council notice is encoded (2025, 2026).</summary>
    public static WorkingDayCalendar China { get; } = Create(Merge("CN", China2025Data, China2026Data)).Calendar!;

    /// <summary>One calendar over several years' data (each year's notice is its own data set).</summary>
    public static HolidayCalendarData Merge(string id, params HolidayCalendarData[] years) => new(
        id,
        [.. years.SelectMany(y => y.CoveredYears).Distinct().Order()],
        [.. years.SelectMany(y => y.Holidays).Distinct().Order()],
        [.. years.SelectMany(y => y.AdjustedWorkingDays).Distinct().Order()],
        string.Join("; ", years.Select(y => y.Source)));

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ShanghaiOffset).DateTime);

    /// <summary>Midnight at the start of <paramref name="day"/> in Asia/Shanghai.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), ShanghaiOffset);

    public bool IsWorkingDay(DateOnly day) =>
        adjustedWorkingDays.Contains(day) || (!IsWeekend(day) && !holidays.Contains(day));

    public bool Covers(DateOnly day) => coveredYears.Contains(day.Year);

    public DateOnly NextWorkingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        while (!IsWorkingDay(next))
        {
            next = next.AddDays(1);
        }

        return next;
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="day"/> (the day itself for 0).</summary>
    public DateOnly AddWorkingDays(DateOnly day, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            day = NextWorkingDay(day);
        }

        return day;
    }

    /// <summary>True when every year from <paramref name="from"/> to <paramref name="to"/> is covered by the calendar.</summary>
    public bool CoversAll(DateOnly from, DateOnly to) =>
        Enumerable.Range(from.Year, Math.Max(0, to.Year - from.Year) + 1).All(coveredYears.Contains);

    /// <summary>
    /// The deadline for a time limit in working days. The clock counts from the day of receipt when that is a working
    /// day, otherwise from the next working day; the day it counts from is not itself counted (a limit of 1 on a
    /// Monday is due Tuesday), and a limit of 0 is due at the end of that day (same-day service). The deadline is the
    /// end of the due date in Asia/Shanghai. Provisional when any year from receipt to due date is one the calendar does
    /// not cover (only weekends were known there).
    /// </summary>
    public SlaDeadline Deadline(DateTimeOffset startedAt, int timeLimitWorkingDays)
    {
        if (timeLimitWorkingDays is < 0 or > MaxTimeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(timeLimitWorkingDays), timeLimitWorkingDays,
                $"A time limit is 0 to {MaxTimeLimit} working days.");
        }

        var received = LocalDate(startedAt);
        var countsFrom = IsWorkingDay(received) ? received : NextWorkingDay(received);
        var due = countsFrom;
        for (var i = 0; i < timeLimitWorkingDays; i++)
        {
            due = NextWorkingDay(due);
        }

        var provisional = Enumerable.Range(received.Year, due.Year - received.Year + 1).Any(year => !coveredYears.Contains(year));
        return new SlaDeadline(startedAt, timeLimitWorkingDays, countsFrom, due, StartOf(due.AddDays(1)), provisional);
    }

    /// <summary>
    /// Working days left until the due date, seen on the local date of <paramref name="now"/>: 0 on the due date itself;
    /// negative when overdue: minus the working days since the due date, and at least −1 (a Saturday after a Friday
    /// due date is already overdue).
    /// </summary>
    public int RemainingWorkingDays(SlaDeadline deadline, DateTimeOffset now)
    {
        var today = LocalDate(now);
        if (today <= deadline.DueDate)
        {
            return CountWorkingDays(today, deadline.DueDate);
        }

        return -Math.Max(1, CountWorkingDays(deadline.DueDate, today));
    }

    /// <summary>Working days d with from &lt; d ≤ to.</summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
