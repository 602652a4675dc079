using System.Globalization;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

/// <summary>Consultation records, milestones, catalogue versions and the overdue schedule: the pure rules.</summary>
public sealed class CaseRecordsTests
{
    private static readonly DateTimeOffset Opened = Shanghai("2026-03-02 09:00");
    private static readonly DateTimeOffset Now = Shanghai("2026-03-20 15:00");

    private static DateTimeOffset Shanghai(string localTime) =>
        new(DateTime.Parse(localTime, CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static DateOnly Day(string day) => DateOnly.Parse(day, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("", "hearing", true)]
    [InlineData("", "theme", false)]
    [InlineData("hearing", "theme", true)]
    [InlineData("hearing", "proposal", false)]
    [InlineData("hearing,theme", "proposal", true)]
    [InlineData("hearing,theme", "follow-up", false)]
    [InlineData("hearing,theme,proposal", "follow-up", true)]
    [InlineData("hearing,theme,proposal,follow-up", "follow-up", true)] // follow-ups repeat
    [InlineData("hearing,theme,proposal", "hearing", true)] // a new hearing is always possible
    public void Consultation_stages_follow_hearing_theme_proposal_follow_up(string recorded, string stage, bool allowed)
    {
        var stages = recorded.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => WireNames.Parse<ConsultationStage>(s)!.Value).ToList();
        var error = CaseRecords.CheckStageOrder(stages, WireNames.Parse<ConsultationStage>(stage)!.Value);
        Assert.Equal(allowed, error is null);
        if (error is not null)
        {
            Assert.Equal(("consultation-stage-out-of-order", DomainErrorKind.Conflict), (error.Code, error.Kind));
        }
    }

    [Fact]
    public void A_consultation_defaults_to_the_caller_and_now_and_names_every_bad_field()
    {
        var (entry, errors) = CaseRecords.Consultation("follow-up", "Phone", null, "  电话回访，已开业  ", null, "clerk-1", Opened, Now);
        Assert.Empty(errors);
        Assert.Equal(new ConsultationEntry(ConsultationStage.FollowUp, ConsultationChannel.Phone, "clerk-1", "电话回访，已开业", Now), entry);

        var (none, bad) = CaseRecords.Consultation("gossip", "fax", new string('x', 101), " ", Now.AddHours(1), "clerk-1", Opened, Now);
        Assert.Null(none);
        Assert.Equal(["channel", "occurredAt", "staff", "stage", "text"], bad.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("occurredAt", CaseRecords.Consultation("hearing", "counter", null, "x", Opened.AddDays(-1), "c", Opened, Now).Errors.Keys);
        Assert.Contains("stage", CaseRecords.Consultation("1", "counter", null, "x", null, "c", Opened, Now).Errors.Keys); // numbers are not names
    }

    [Theory]
    [InlineData("business-started", null, null, "2026-03-10", true)]
    [InlineData("jobs-created", 12, null, "2026-03-20", true)] // today is fine
    [InlineData("sales-increase", null, "1500000.50", "2026-03-02", true)] // the opening day is fine
    [InlineData("capital-raised", null, "3000000", "2026-03-11", true)]
    [InlineData("jobs-created", 0, null, "2026-03-10", false)]
    [InlineData("jobs-created", -3, null, "2026-03-10", false)]
    [InlineData("jobs-created", 2001, null, "2026-03-10", false)] // absurd for one SME
    [InlineData("jobs-created", null, null, "2026-03-10", false)] // the figure is missing
    [InlineData("sales-increase", null, "-1", "2026-03-10", false)]
    [InlineData("sales-increase", null, "0", "2026-03-10", false)]
    [InlineData("sales-increase", null, "10000000000.01", "2026-03-10", false)]
    [InlineData("capital-raised", null, "100.001", "2026-03-10", false)] // fractions of a fen
    [InlineData("capital-raised", 5, "100", "2026-03-10", false)] // a jobs figure on an amount
    [InlineData("business-started", null, "100", "2026-03-10", false)]
    [InlineData("jobs-created", 3, null, "2026-03-21", false)] // tomorrow in Shanghai
    [InlineData("jobs-created", 3, null, "2026-03-01", false)] // before the case
    [InlineData("world-domination", null, null, "2026-03-10", false)]
    public void Milestones_need_their_figure_a_plausible_value_and_a_past_date(string kind, int? jobs, string? amount, string achievedOn, bool valid)
    {
        var amountCny = amount is null ? (decimal?)null : decimal.Parse(amount, CultureInfo.InvariantCulture);
        var (entry, errors) = CaseRecords.Milestone(kind, jobs, amountCny, Day(achievedOn), "营业执照及社保缴纳记录", Opened, Now);
        Assert.Equal(valid, entry is not null);
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void A_milestone_needs_a_date_and_evidence()
    {
        var (_, errors) = CaseRecords.Milestone("jobs-created", 4, null, null, "  ", Opened, Now);
        Assert.Equal(["achievedOn", "evidence"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_future_is_judged_in_Shanghai()
    {
        // 2026-03-20 17:00 UTC is already the 21st in Shanghai: the 21st is today, not the future.
        var late = new DateTimeOffset(2026, 3, 20, 17, 0, 0, TimeSpan.Zero);
        Assert.Empty(CaseRecords.Milestone("business-started", null, null, Day("2026-03-21"), "执照", Opened, late).Errors);
    }

    [Fact]
    public void A_procedure_version_is_validated_field_by_field()
    {
        var (content, errors) = ServiceCatalogue.Validate("Export licensing", "出口许可", "Commerce Bureau", 50.5m, 15,
            [new RequiredDocumentInput("application-form", "Application form", null), new RequiredDocumentInput("contract", "Export contract", false)],
            []);
        Assert.Empty(errors);
        Assert.Equal([new RequiredDocument("application-form", "Application form", true), new RequiredDocument("contract", "Export contract", false)],
            content!.DocumentsNew);

        var (none, bad) = ServiceCatalogue.Validate(" ", "出口许可", "", -1m, 251,
            [new RequiredDocumentInput("Bad Code", "x", null), new RequiredDocumentInput("form", "", null), new RequiredDocumentInput("form", "Again", null), null],
            null);
        Assert.Null(none);
        Assert.Equal(
            ["documentsNew[0].code", "documentsNew[1].name", "documentsNew[2].code", "documentsNew[3].code", "documentsNew[3].name", "documentsRenewal",
             "feeCny", "nameEn", "responsibleOffice", "timeLimitWorkingDays"],
            bad.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("feeCny", ServiceCatalogue.Validate("a", "b", "c", 0.001m, 1, [], []).Errors.Keys);
        Assert.Contains("feeCny", ServiceCatalogue.Validate("a", "b", "c", null, 1, [], []).Errors.Keys);
        Assert.Empty(ServiceCatalogue.Validate("a", "b", "c", 0m, 0, [], []).Errors); // a free same-day procedure
    }

    [Theory]
    [InlineData("2026-03-02 05:59", null, null, "2026-03-02 06:00")] // Monday before the time: today at 06:00
    [InlineData("2026-03-02 06:00", null, "2026-03-02", null)] // at the time: due
    [InlineData("2026-03-02 22:00", null, "2026-03-02", null)] // started late: still that day's run
    [InlineData("2026-03-02 22:00", "2026-03-02", null, "2026-03-03 06:00")] // done: tomorrow
    [InlineData("2026-03-06 07:00", "2026-03-06", null, "2026-03-09 06:00")] // Friday done: Monday
    [InlineData("2026-03-07 07:00", "2026-03-06", null, "2026-03-09 06:00")] // Saturday: no run
    [InlineData("2026-09-30 08:00", "2026-09-30", null, "2026-10-08 06:00")] // over National Day
    [InlineData("2026-10-10 06:30", "2026-10-09", "2026-10-10", null)] // the make-up Saturday runs
    public void The_overdue_run_is_once_per_working_day_at_its_time(string now, string? lastRun, string? due, string? next)
    {
        var calendar = WorkingDayCalendar.China;
        var runAt = new TimeOnly(6, 0);
        var last = lastRun is null ? (DateOnly?)null : Day(lastRun);
        Assert.Equal(due is null ? null : Day(due), OverdueSchedule.DueRun(calendar, runAt, Shanghai(now), last));
        if (next is not null)
        {
            Assert.Equal(Shanghai(next), OverdueSchedule.NextRun(calendar, runAt, Shanghai(now), last));
        }
    }
}
