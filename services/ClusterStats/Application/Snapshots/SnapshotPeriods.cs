namespace SmePlatform.ClusterStats.Application.Snapshots;

/// <summary>Months and days as the city reads them: Asia/Shanghai, UTC+8 all year (China has no daylight saving).</summary>
public static class SnapshotPeriods
{
    public static readonly TimeSpan CityOffset = TimeSpan.FromHours(8);

    /// <summary>The first day of the last month that has ended at <paramref name="now"/>, in the city's time.</summary>
    public static DateOnly LastClosedMonth(DateTimeOffset now)
    {
        var local = now.ToOffset(CityOffset);
        return new DateOnly(local.Year, local.Month, 1).AddMonths(-1);
    }

    /// <summary>The instant <paramref name="day"/> ends in the city: figures "as of" a day are those of that instant.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), CityOffset);

    /// <summary>The city's calendar day at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(CityOffset).DateTime);
}
