namespace SmePlatform.OneStop.Domain;

/// <summary>One stretch of time the SLA clock stood still: from entering WaitingForDocuments to leaving it (null: still waiting).</summary>
public sealed record SlaPause(DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// The SLA clock of a case stops while the case waits for documents from the applicant and resumes when it leaves that
/// state, with the paused working days added to the due date (the rule for administrative time limits: the time the
/// applicant takes to supplement materials, 补正, is not counted). Pure: the pauses come from the case's transition log.
/// </summary>
public static class SlaClock
{
    /// <summary>The pauses in the log, oldest first; the last one is open while the case still waits.</summary>
    public static IReadOnlyList<SlaPause> Pauses(IEnumerable<CaseTransition> history)
    {
        var pauses = new List<SlaPause>();
        DateTimeOffset? since = null;
        foreach (var transition in history)
        {
            if (transition.To == CaseState.WaitingForDocuments && transition.From != CaseState.WaitingForDocuments)
            {
                since = transition.At;
            }
            else if (transition.From == CaseState.WaitingForDocuments && transition.To != CaseState.WaitingForDocuments && since is { } from)
            {
                pauses.Add(new SlaPause(from, transition.At));
                since = null;
            }
        }

        if (since is { } open)
        {
            pauses.Add(new SlaPause(open, null));
        }

        return pauses;
    }

    /// <summary>
    /// Working days a pause took off the clock: the working days after the local day it started, up to and including the
    /// local day it ended. Paused and resumed on one day: 0 (that day was counted anyway); paused Friday, resumed Monday: 1;
    /// paused the day before a holiday week, resumed the first working day after it: 1.
    /// </summary>
    public static int PausedWorkingDays(WorkingDayCalendar calendar, SlaPause pause, DateTimeOffset now) =>
        calendar.CountWorkingDays(WorkingDayCalendar.LocalDate(pause.From), WorkingDayCalendar.LocalDate(pause.To ?? now));

    /// <summary>The working days every closed pause of the log took off the clock.</summary>
    public static int PausedWorkingDays(WorkingDayCalendar calendar, IEnumerable<CaseTransition> history) =>
        Pauses(history).Where(p => p.To is not null).Sum(p => PausedWorkingDays(calendar, p, p.To!.Value));

    /// <summary>
    /// The deadline after a pause ended: the due date moves by the pause's working days (provisional when the new due
    /// date reaches a year the calendar does not cover). Nothing moves for a pause of 0 working days.
    /// </summary>
    public static SlaDeadline Resume(WorkingDayCalendar calendar, SlaDeadline deadline, SlaPause pause)
    {
        if (pause.To is not { } resumedAt || resumedAt < pause.From)
        {
            throw new ArgumentException("A pause is resumed once it has an end after its start.", nameof(pause));
        }

        var days = PausedWorkingDays(calendar, pause, resumedAt);
        if (days == 0)
        {
            return deadline;
        }

        var due = calendar.AddWorkingDays(deadline.DueDate, days);
        return deadline with
        {
            DueDate = due,
            DueBy = WorkingDayCalendar.StartOf(due.AddDays(1)),
            Provisional = deadline.Provisional || !calendar.CoversAll(WorkingDayCalendar.LocalDate(deadline.StartedAt), due),
        };
    }

    /// <summary>
    /// The deadline as it stands after the transition just applied: moved on when it ended a pause, unchanged otherwise.
    /// </summary>
    public static SlaDeadline AfterTransition(WorkingDayCalendar calendar, SlaDeadline deadline, CaseTransition transition, IReadOnlyList<CaseTransition> historyBefore)
    {
        if (transition.From != CaseState.WaitingForDocuments || transition.To == CaseState.WaitingForDocuments)
        {
            return deadline;
        }

        var open = Pauses(historyBefore).LastOrDefault(p => p.To is null);
        return open is null ? deadline : Resume(calendar, deadline, open with { To = transition.At });
    }

    /// <summary>Overdue on the clock: open, not waiting for the applicant (the clock stands still then), and past the due date.</summary>
    public static bool IsOverdue(CaseState state, SlaDeadline deadline, DateTimeOffset now) =>
        !CaseWorkflow.IsClosed(state) && state != CaseState.WaitingForDocuments && deadline.IsOverdue(now);
}
