using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// One line per log entry, starting with the UTC time, with the trace and span ids of the request it belongs to: an
/// operator reading a service's log after a crash can order it against the other services' logs and find the same
/// request in the traces.
/// </summary>
public static class PlatformLogging
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static WebApplicationBuilder AddPlatformLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = TimestampFormat;
            options.IncludeScopes = true;
        });
        return builder;
    }
}
