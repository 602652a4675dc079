using System.Data;
using Dapper;

namespace SmePlatform.ClusterStats.Data;

/// <summary>Days (snapshot periods) as PostgreSQL <c>date</c>: Dapper does not know DateOnly, Npgsql does.</summary>
public sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new DateOnlyHandler());
        }
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly day => day,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a DateOnly."),
    };

    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }
}
