using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.OneStop.Application.Timeline;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Api;

/// <summary>A page of the timeline, newest first; <see cref="NextBefore"/> asks for the page after it (null on the last).</summary>
public sealed record TimelinePage(Guid EnterpriseId, IReadOnlyList<TimelineEntry> Items, string? NextBefore);

public static class TimelineEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const string CursorVersion = "t1.";

    /// <summary>The same roles and scope as reading the register: a clerk sees their own ward's enterprises only.</summary>
    private static readonly string[] Readers =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/onestop/enterprises/{id:guid}/timeline", TimelineAsync).WithTags("Enterprises").WithName("EnterpriseTimeline")
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide", Readers);
        return routes;
    }

    /// <summary>
    /// Everything known about the enterprise, newest first. <c>before</c> is the <c>nextBefore</c> of the previous page,
    /// or an instant (ISO 8601) to start from.
    /// </summary>
    internal static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> TimelineAsync(
        Guid id, string? before, int? limit, ClaimsPrincipal user, ReadTimelineHandler handler, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        (DateTimeOffset At, string Key)? cursor = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            cursor = ParseCursor(before.Trim());
            if (cursor is null)
            {
                errors["before"] = ["before is the nextBefore of a previous page, or an instant such as 2025-06-01T00:00:00+08:00."];
            }
        }

        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit is 1 to {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The timeline request is invalid.");
        }

        var outcome = await handler.HandleAsync(new ReadTimeline(id, cursor?.At, cursor?.Key, limit ?? DefaultLimit), user, cancellationToken);
        return outcome.Match<Results<Ok<TimelinePage>, ProblemHttpResult>>(
            slice => TypedResults.Ok(new TimelinePage(id, slice.Items, slice.Next is { } next ? Cursor(next.At, next.Key) : null)),
            refusal => refusal.ToProblem());
    }

    public static string Cursor(DateTimeOffset at, string key) =>
        CursorVersion + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(at.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + key));

    /// <summary>An opaque cursor, or an instant (every line strictly before it).</summary>
    public static (DateTimeOffset At, string Key)? ParseCursor(string value)
    {
        if (value.StartsWith(CursorVersion, StringComparison.Ordinal))
        {
            try
            {
                var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value.AsSpan(CursorVersion.Length)));
                var bar = text.IndexOf('|', StringComparison.Ordinal);
                return bar > 0 && long.TryParse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                       ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    ? (new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..])
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        // An empty key sorts before every key: the lines of that very instant are left out, as "before" says.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? (instant.ToUniversalTime(), "") : null;
    }
}
