using System.Globalization;

namespace SmePlatform.OneStop.Domain;

/// <summary>waiting → called → serving → done, or called → no-show.</summary>
public enum TicketState
{
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
}

public enum TicketAction
{
    Call,
    StartService,
    Finish,
    MarkNoShow,
}

/// <summary>
/// A walk-in ticket at a ward counter. <see cref="Day"/> is the Asia/Shanghai date of issue; the number ("HP-017")
/// is unique per ward and day. Each stamp is set by the action that reaches its state.
/// </summary>
public sealed record Ticket(
    Guid Id,
    string Ward,
    DateOnly Day,
    int Sequence,
    string Number,
    string Reason,
    Guid? EnterpriseId,
    TicketState State,
    DateTimeOffset IssuedAt,
    DateTimeOffset? CalledAt = null,
    DateTimeOffset? ServiceStartedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? Staff = null,
    string? Counter = null)
{
    /// <summary>From issue to call; null until called.</summary>
    public TimeSpan? WaitTime => CalledAt - IssuedAt;

    /// <summary>From start of service to finish; null until done.</summary>
    public TimeSpan? ServiceTime => FinishedAt - ServiceStartedAt;
}

public sealed record TicketCommand(TicketAction Action, DateTimeOffset At, string? Staff = null, string? Counter = null);

public static class CounterQueue
{
    public const int MaxReasonLength = 200;

    /// <summary>Two-letter ticket prefixes per ward; the persistence keeps the last sequence per (ward, day).</summary>
    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["heping"] = "HP", ["shenhe"] = "SH", ["dadong"] = "DD", ["huanggu"] = "HG", ["tiexi"] = "TX",
        ["sujiatun"] = "SJ", ["dongling"] = "DL", ["xinchengzi"] = "XC", ["yuhong"] = "YH",
        ["liaozhong"] = "LZ", ["kangping"] = "KP", ["faku"] = "FK", ["xinmin"] = "XM",
    };

    private static readonly Dictionary<(TicketState, TicketAction), TicketState> Transitions = new()
    {
        [(TicketState.Waiting, TicketAction.Call)] = TicketState.Called,
        [(TicketState.Called, TicketAction.StartService)] = TicketState.Serving,
        [(TicketState.Called, TicketAction.MarkNoShow)] = TicketState.NoShow,
        [(TicketState.Serving, TicketAction.Finish)] = TicketState.Done,
    };

    /// <summary>"HP-017": the ward prefix and the day's sequence, three digits at least.</summary>
    public static string FormatNumber(string prefix, int sequence) =>
        $"{prefix}-{sequence.ToString("000", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Issues the next ticket of the ward's day. <paramref name="lastSequenceToday"/> is the highest sequence issued
    /// for the ward on the Asia/Shanghai date of <paramref name="at"/> (0 for the first ticket of the day).
    /// </summary>
    public static DomainResult<Ticket> Issue(
        Guid id, string? ward, string? reason, Guid? enterpriseId, DateTimeOffset at, int lastSequenceToday)
    {
        var found = Ward.Find(ward);
        if (found is null || !Prefixes.TryGetValue(found.Code, out var prefix))
        {
            return DomainResult.Fail<Ticket>(DomainError.Invalid("unknown-ward", "ward", $"'{ward}' is not a ward or county with a counter."));
        }

        var text = reason?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Length > MaxReasonLength)
        {
            return DomainResult.Fail<Ticket>(DomainError.Invalid("reason-required", "reason",
                $"The reason for the visit is required, at most {MaxReasonLength} characters."));
        }

        if (lastSequenceToday < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lastSequenceToday), lastSequenceToday, "A sequence is never negative.");
        }

        var sequence = lastSequenceToday + 1;
        return DomainResult.Ok(new Ticket(id, found.Code, WorkingDayCalendar.LocalDate(at), sequence,
            FormatNumber(prefix, sequence), text, enterpriseId, TicketState.Waiting, at));
    }

    public static IReadOnlyList<TicketAction> AllowedActions(TicketState state) =>
        Transitions.Keys.Where(k => k.Item1 == state).Select(k => k.Item2).Order().ToList();

    /// <summary>Moves a ticket on; calling needs the staff member, and no stamp may be earlier than the one before it.</summary>
    public static DomainResult<Ticket> Apply(Ticket ticket, TicketCommand command)
    {
        if (!Transitions.TryGetValue((ticket.State, command.Action), out var to))
        {
            return DomainResult.Fail<Ticket>(DomainError.Conflict("illegal-ticket-transition",
                $"Ticket {ticket.Number} is {ticket.State}; it cannot take '{command.Action}'."));
        }

        var previous = ticket.FinishedAt ?? ticket.ServiceStartedAt ?? ticket.CalledAt ?? ticket.IssuedAt;
        if (command.At < previous)
        {
            return DomainResult.Fail<Ticket>(DomainError.Invalid("time-before-last-change", "at",
                $"The time is before the ticket's last change ({previous:O})."));
        }

        if (command.Action == TicketAction.Call && string.IsNullOrWhiteSpace(command.Staff))
        {
            return DomainResult.Fail<Ticket>(DomainError.Invalid("staff-required", "staff", "Calling a ticket needs the staff member."));
        }

        return DomainResult.Ok(command.Action switch
        {
            TicketAction.Call => ticket with { State = to, CalledAt = command.At, Staff = command.Staff!.Trim(), Counter = command.Counter?.Trim() },
            TicketAction.StartService => ticket with { State = to, ServiceStartedAt = command.At },
            TicketAction.Finish => ticket with { State = to, FinishedAt = command.At },
            _ => ticket with { State = to, FinishedAt = command.At },
        });
    }
}

/// <summary>Count, mean and nearest-rank percentiles of durations; the figures are null when there are none.</summary>
public sealed record DurationFigures(int Count, TimeSpan? Mean, TimeSpan? P50, TimeSpan? P90)
{
    public static DurationFigures Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new DurationFigures(0, null, null, null);
        }

        var mean = TimeSpan.FromTicks((long)Math.Round(sorted.Average(d => (decimal)d.Ticks), MidpointRounding.AwayFromZero));
        return new DurationFigures(sorted.Length, mean, Percentile(sorted, 50), Percentile(sorted, 90));
    }

    /// <summary>Nearest rank: the smallest value with at least p% of the values at or below it.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, int p)
    {
        var rank = (int)Math.Ceiling(p / 100m * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>One ward's day at the counter: tickets issued, served, no-shows, and the wait and service figures.</summary>
public sealed record WardDayFigures(string Ward, DateOnly Day, int Issued, int Served, int NoShows, DurationFigures WaitTime, DurationFigures ServiceTime);

public static class CounterStatistics
{
    /// <summary>
    /// Figures per ward and day from tickets. Wait time counts every ticket that was called (issue → call, whatever
    /// happened next); service time counts the tickets done (start → finish).
    /// </summary>
    public static IReadOnlyList<WardDayFigures> Daily(IEnumerable<Ticket> tickets) =>
        tickets.GroupBy(t => (t.Ward, t.Day))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Ward, StringComparer.Ordinal)
            .Select(g => new WardDayFigures(
                g.Key.Ward,
                g.Key.Day,
                g.Count(),
                g.Count(t => t.State == TicketState.Done),
                g.Count(t => t.State == TicketState.NoShow),
                DurationFigures.Of(g.Where(t => t.WaitTime is not null).Select(t => t.WaitTime!.Value)),
                DurationFigures.Of(g.Where(t => t.State == TicketState.Done && t.ServiceTime is not null).Select(t => t.ServiceTime!.Value))))
            .ToList();
}
