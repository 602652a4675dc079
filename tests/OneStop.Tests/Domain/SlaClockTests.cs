using System.Globalization;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

/// <summary>The SLA clock stops while a case waits for documents and resumes with the paused working days added.</summary>
public sealed class SlaClockTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China;

    private static DateTimeOffset Shanghai(string localTime) =>
        new(DateTime.Parse(localTime, CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    private static CaseTransition T(CaseAction action, CaseState from, CaseState to, string at) => new(action, from, to, "clerk", Shanghai(at), null);

    [Theory]
    [InlineData("2026-03-02 09:00", "2026-03-02 17:00", 0)] // paused and resumed on one day
    [InlineData("2026-03-02 09:00", "2026-03-03 09:00", 1)]
    [InlineData("2026-03-06 16:00", "2026-03-09 10:00", 1)] // Friday → Monday: the weekend is not counted
    [InlineData("2026-03-06 16:00", "2026-03-14 10:00", 5)] // ends on a Saturday: Mon–Fri
    [InlineData("2026-09-30 16:00", "2026-10-08 09:00", 1)] // over National Day
    [InlineData("2026-09-30 16:00", "2026-10-10 09:00", 3)] // Oct 8, 9 and the make-up Saturday
    [InlineData("2026-02-13 10:00", "2026-02-24 10:00", 2)] // the make-up Saturday Feb 14 and Feb 24; nine days off between
    public void Paused_working_days(string from, string to, int days) =>
        Assert.Equal(days, SlaClock.PausedWorkingDays(Calendar, new SlaPause(Shanghai(from), Shanghai(to)), Shanghai(to)));

    [Fact]
    public void Resuming_moves_the_due_date_by_the_paused_working_days_over_holidays()
    {
        // 5 working days from Monday 2026-09-21 (Sep 25–27 Mid-Autumn): Sep 22, 23, 24, 28, 29.
        var deadline = Calendar.Deadline(Shanghai("2026-09-21 10:00"), 5);
        Assert.Equal(Day("2026-09-29"), deadline.DueDate);

        // Paused Thursday 24th, resumed Thursday Oct 8th (Oct 1–7 National Day): Sep 28, 29, 30 and Oct 8 were paused.
        var resumed = SlaClock.Resume(Calendar, deadline, new SlaPause(Shanghai("2026-09-24 11:00"), Shanghai("2026-10-08 09:30")));
        Assert.Equal(Day("2026-10-10"), resumed.DueDate); // Sep 29 + 4: Sep 30, Oct 8, Oct 9, Oct 10 (the make-up Saturday)
        Assert.Equal(WorkingDayCalendar.StartOf(Day("2026-10-11")), resumed.DueBy);
        Assert.False(resumed.Provisional);
    }

    [Fact]
    public void A_same_day_pause_changes_nothing()
    {
        var deadline = Calendar.Deadline(Shanghai("2026-03-02 09:00"), 3);
        Assert.Same(deadline, SlaClock.Resume(Calendar, deadline, new SlaPause(Shanghai("2026-03-02 10:00"), Shanghai("2026-03-02 15:00"))));
    }

    [Fact]
    public void A_resumed_due_date_reaching_an_uncovered_year_is_provisional()
    {
        var deadline = Calendar.Deadline(Shanghai("2026-12-14 09:00"), 5);
        Assert.False(deadline.Provisional);
        var resumed = SlaClock.Resume(Calendar, deadline, new SlaPause(Shanghai("2026-12-15 09:00"), Shanghai("2026-12-29 09:00")));
        Assert.Equal(2027, resumed.DueDate.Year);
        Assert.True(resumed.Provisional);
    }

    [Fact]
    public void Pauses_are_read_from_the_log_and_the_last_may_still_run()
    {
        IReadOnlyList<CaseTransition> history =
        [
            T(CaseAction.Start, CaseState.Received, CaseState.InProgress, "2026-03-02 09:00"),
            T(CaseAction.RequestDocuments, CaseState.InProgress, CaseState.WaitingForDocuments, "2026-03-02 10:00"),
            T(CaseAction.ResumeWork, CaseState.WaitingForDocuments, CaseState.InProgress, "2026-03-04 10:00"),
            T(CaseAction.RequestDocuments, CaseState.InProgress, CaseState.WaitingForDocuments, "2026-03-05 10:00"),
        ];
        var pauses = SlaClock.Pauses(history);
        Assert.Equal([new SlaPause(Shanghai("2026-03-02 10:00"), Shanghai("2026-03-04 10:00")), new SlaPause(Shanghai("2026-03-05 10:00"), null)], pauses);
        Assert.Equal(2, SlaClock.PausedWorkingDays(Calendar, history)); // only the closed pause counts
    }

    [Fact]
    public void After_a_transition_out_of_waiting_the_deadline_moves_and_after_others_it_does_not()
    {
        var deadline = Calendar.Deadline(Shanghai("2026-03-02 09:00"), 3);
        IReadOnlyList<CaseTransition> before = [T(CaseAction.RequestDocuments, CaseState.Received, CaseState.WaitingForDocuments, "2026-03-02 10:00")];

        var resume = T(CaseAction.ResumeWork, CaseState.WaitingForDocuments, CaseState.InProgress, "2026-03-05 10:00");
        Assert.Equal(Calendar.AddWorkingDays(deadline.DueDate, 3), SlaClock.AfterTransition(Calendar, deadline, resume, before).DueDate);

        // A transition that does not leave WaitingForDocuments leaves the deadline as it was.
        var start = T(CaseAction.Start, CaseState.Received, CaseState.InProgress, "2026-03-02 10:00");
        Assert.Same(deadline, SlaClock.AfterTransition(Calendar, deadline, start, []));
    }

    [Fact]
    public void A_waiting_case_is_never_overdue_on_the_clock()
    {
        var deadline = Calendar.Deadline(Shanghai("2026-03-02 09:00"), 0);
        var late = Shanghai("2026-03-10 09:00");
        Assert.True(SlaClock.IsOverdue(CaseState.InProgress, deadline, late));
        Assert.False(SlaClock.IsOverdue(CaseState.WaitingForDocuments, deadline, late));
        Assert.False(SlaClock.IsOverdue(CaseState.Completed, deadline, late));
        Assert.False(SlaClock.IsOverdue(CaseState.InProgress, deadline, Shanghai("2026-03-02 23:59")));
    }
}
