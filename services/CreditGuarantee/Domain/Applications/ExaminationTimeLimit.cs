using SmePlatform.SharedKernel;

namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// The examination time limit: an application still waiting for the fund's decision more than
/// <see cref="WorkflowRules.ExaminationTimeLimitWorkingDays"/> working days (Asia/Shanghai, public holidays and adjusted
/// working days included) after its submission is overdue. The clock runs from submission and counts like a counter's
/// time limit (<see cref="WorkingDayCalendar.Deadline"/>: a submission on a non-working day counts from the next working
/// day; overdue once the due date has ended). Provisional rule (docs/guarantee-rules.md): the limit is not paused while
/// the bank answers a request for information, but an application waiting for the bank is not in the examiners'
/// overdue list, since nothing is for them to do.
/// </summary>
public static class ExaminationTimeLimit
{
    /// <summary>Ten working days: two working weeks, the preset until the fund sets its own service standard.</summary>
    public const int PresetWorkingDays = 10;

    /// <summary>A quarter of working days: anything longer is a typing error, not a service standard.</summary>
    public const int MaxWorkingDays = 60;

    /// <summary>States in which the fund owes a decision: the examination clock runs.</summary>
    public static readonly IReadOnlySet<ApplicationState> Running = new HashSet<ApplicationState>
    {
        ApplicationState.Submitted, ApplicationState.Screening, ApplicationState.UnderExamination,
    };

    public static SlaDeadline Deadline(WorkingDayCalendar calendar, WorkflowRules rules, DateTimeOffset submittedAt) =>
        calendar.Deadline(submittedAt, rules.ExaminationTimeLimitWorkingDays);

    public static bool IsOverdue(WorkingDayCalendar calendar, WorkflowRules rules, ApplicationState state, DateTimeOffset submittedAt, DateTimeOffset now) =>
        Running.Contains(state) && Deadline(calendar, rules, submittedAt).IsOverdue(now);

    /// <summary>
    /// The first instant whose submissions are not yet overdue at <paramref name="now"/>: an application in a
    /// <see cref="Running"/> state submitted before it is overdue. The deadline depends only on the local submission
    /// date and never moves backwards as that date moves forwards, so one instant splits the queue (and a database
    /// query can use it).
    /// </summary>
    public static DateTimeOffset OverdueBefore(WorkingDayCalendar calendar, WorkflowRules rules, DateTimeOffset now)
    {
        var day = WorkingDayCalendar.LocalDate(now);
        // Walk back from today to the latest submission date whose deadline has passed; at most the time limit in
        // working days plus the non-working days between them.
        while (!Deadline(calendar, rules, WorkingDayCalendar.StartOf(day)).IsOverdue(now))
        {
            day = day.AddDays(-1);
        }

        return WorkingDayCalendar.StartOf(day.AddDays(1));
    }
}
