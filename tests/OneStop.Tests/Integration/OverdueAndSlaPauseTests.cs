using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Application.Cases;
using SmePlatform.OneStop.Domain;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>The daily overdue run (on a clock the test moves) and the SLA pause while waiting for documents, against the real database.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OverdueAndSlaPauseTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Cases = "/api/onestop/cases";
    private static readonly TimeOnly RunAt = new(6, 0);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<Guid> RegisterEnterprise()
    {
        using var admin = As("admin");
        return (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = "沈阳逾期测试有限公司" })).Id;
    }

    private async Task<JsonElement> Open(Guid enterpriseId, string procedureCode)
    {
        using var response = await Clerk.PostAsJsonAsync(Cases, new { enterpriseId, procedureCode });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> Step(Guid id, string action, string? reason = null)
    {
        using var response = await Clerk.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action, reason });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private OverdueCaseJob NewJob(TimeProvider clock) => new(
        Factory.Services.GetRequiredService<UnitOfWorkFactory>(), clock, Options.Create(new OverdueCaseJobOptions { RunAt = RunAt }),
        NullLogger<OverdueCaseJob>.Instance);

    private async Task<Dictionary<Guid, int>> OverdueEvents()
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var ids = await db.QueryAsync<Guid>(
            "SELECT (payload->>'caseId')::uuid FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.OneStop.CaseOverdue'");
        return ids.GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
    }

    private async Task<DateTimeOffset?> OverdueSince(Guid id)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<DateTimeOffset?>("SELECT overdue_since FROM cases WHERE id = @id", new { id });
    }

    [Fact]
    public async Task Two_instances_of_the_daily_run_flag_each_newly_overdue_case_once_as_the_clock_moves()
    {
        var enterprise = await RegisterEnterprise();
        var sameDay = await Open(enterprise, "information-consulting"); // limit 0: due at the end of the day counted from
        var twentyDays = await Open(enterprise, "approvals-permissions");
        var rejected = (await Open(enterprise, "information-consulting")).GetProperty("id").GetGuid();
        await Step(rejected, "reject", "不属于本中心业务");
        var waiting = (await Open(enterprise, "training")).GetProperty("id").GetGuid();
        await Step(waiting, "request-documents");

        var sameDayId = sameDay.GetProperty("id").GetGuid();
        var twentyDaysId = twentyDays.GetProperty("id").GetGuid();
        var sameDayDue = sameDay.GetProperty("dueBy").GetDateTimeOffset();
        var twentyDaysDue = twentyDays.GetProperty("dueBy").GetDateTimeOffset();

        // The test clock starts an hour after the same-day case fell due: in the real future, so the app's own run (on the
        // real clock) never sees these cases as overdue.
        var clock = new ManualTimeProvider(sameDayDue.AddHours(1));
        var calendar = WorkingDayCalendar.China;
        var firstRun = OverdueSchedule.NextRun(calendar, RunAt, clock.GetUtcNow(), null);
        Assert.True(calendar.IsWorkingDay(WorkingDayCalendar.LocalDate(firstRun)));
        Assert.Equal(RunAt.ToTimeSpan(), firstRun.ToOffset(WorkingDayCalendar.ShanghaiOffset).TimeOfDay);

        var jobs = new[] { NewJob(clock), NewJob(clock) };
        using var stop = new CancellationTokenSource();
        foreach (var job in jobs)
        {
            await job.StartAsync(stop.Token);
        }

        try
        {
            await Poll.UntilAsync(() => Task.FromResult(clock.PendingTimers == 2), Patience, "both instances to wait for the first run");
            clock.AdvanceTo(firstRun.AddMinutes(-1));
            await Poll.UntilAsync(() => Task.FromResult(clock.PendingTimers == 2), Patience, "both instances to wait again");
            Assert.Null(await OverdueSince(sameDayId)); // a minute early: nothing yet

            clock.AdvanceTo(firstRun.AddSeconds(1));
            await Poll.UntilAsync(async () => await OverdueSince(sameDayId) is not null, Patience, "the same-day case to be flagged");
            await Poll.UntilAsync(() => Task.FromResult(clock.PendingTimers == 2), Patience, "both instances to finish the day");

            Assert.Equal(sameDayDue, await OverdueSince(sameDayId));
            Assert.Equal(new Dictionary<Guid, int> { [sameDayId] = 1 }, await OverdueEvents());
            await using (var db = new NpgsqlConnection(Factory.ConnectionString))
            {
                Assert.Equal([(WorkingDayCalendar.LocalDate(firstRun), 1)], (await db.QueryAsync<(DateOnly, int)>(
                    "SELECT run_date, flagged FROM scheduled_job_runs WHERE job = 'case-overdue' AND run_date >= @day",
                    new { day = WorkingDayCalendar.LocalDate(firstRun) })).ToList());
            }

            // The per-ward overdue list is backed by the flag: on the real clock the case is not yet late, but it is listed.
            var listed = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true");
            Assert.Equal([sameDayId], listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            Assert.True(listed.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
            Assert.Equal(sameDayDue, listed.GetProperty("items")[0].GetProperty("overdueSince").GetDateTimeOffset());

            // Weeks later, past the twenty-day case's due date: it is flagged; the first is not flagged again, the rejected
            // and the waiting (clock stopped) never are.
            var laterRun = OverdueSchedule.NextRun(calendar, RunAt, twentyDaysDue, null);
            clock.AdvanceTo(laterRun.AddMinutes(5));
            await Poll.UntilAsync(async () => await OverdueSince(twentyDaysId) is not null, Patience, "the twenty-day case to be flagged");
            await Poll.UntilAsync(() => Task.FromResult(clock.PendingTimers == 2), Patience, "both instances to finish the later day");
            Assert.Equal(new Dictionary<Guid, int> { [sameDayId] = 1, [twentyDaysId] = 1 }, await OverdueEvents());
            Assert.Null(await OverdueSince(rejected));
            Assert.Null(await OverdueSince(waiting));

            await using var check = new NpgsqlConnection(Factory.ConnectionString);
            var payload = JsonDocument.Parse(await check.ExecuteScalarAsync<string>(
                "SELECT payload::text FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.OneStop.CaseOverdue' AND payload->>'caseId' = @id",
                new { id = twentyDaysId.ToString() }) ?? "{}").RootElement;
            Assert.Equal("heping", payload.GetProperty("ward").GetString());
            Assert.Equal("Received", payload.GetProperty("state").GetString());
            Assert.Equal(twentyDays.GetProperty("dueDate").GetString(), payload.GetProperty("dueDate").GetString());
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var job in jobs)
            {
                await job.StopAsync(CancellationToken.None);
                job.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_day_already_run_is_not_run_again_by_another_instance()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddYears(3));
        var day = WorkingDayCalendar.LocalDate(clock.GetUtcNow());
        Assert.Equal(0, await NewJob(clock).RunAsync(day, CancellationToken.None));
        Assert.Null(await NewJob(clock).RunAsync(day, CancellationToken.None));
    }

    [Fact]
    public async Task Waiting_for_documents_stops_the_clock_and_resuming_moves_the_due_date_by_the_paused_working_days()
    {
        var opened = await Open(await RegisterEnterprise(), "finance-consulting");
        var id = opened.GetProperty("id").GetGuid();
        var waiting = await Step(id, "request-documents");
        Assert.True(waiting.GetProperty("slaPaused").GetBoolean());

        // Date the case and its pause back: opened 30 days ago, waiting since 9 days ago (as if the applicant took that long).
        var pausedAt = DateTimeOffset.UtcNow.AddDays(-9);
        var openedAt = DateTimeOffset.UtcNow.AddDays(-30);
        var deadline = WorkingDayCalendar.China.Deadline(openedAt, 5);
        Assert.True(deadline.DueBy < DateTimeOffset.UtcNow, "the original due date has passed");
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            await db.ExecuteAsync(
                """
                UPDATE cases SET opened_at = @openedAt, counts_from = @CountsFrom, due_date = @DueDate, due_by = @DueBy,
                    history = jsonb_set(history, '{0,at}', to_jsonb(@pausedAtText::text))
                WHERE id = @id
                """,
                new { id, openedAt, deadline.CountsFrom, deadline.DueDate, DueBy = deadline.DueBy.ToUniversalTime(), pausedAtText = pausedAt.ToString("O") });
        }

        // Paused: past the due date on the calendar, yet not overdue, and not on the overdue list.
        var paused = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");
        Assert.False(paused.GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(id, (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()));

        var resumed = await Step(id, "resume-work");
        var resumedAt = resumed.GetProperty("history")[1].GetProperty("at").GetDateTimeOffset();
        var pausedDays = WorkingDayCalendar.China.CountWorkingDays(WorkingDayCalendar.LocalDate(pausedAt), WorkingDayCalendar.LocalDate(resumedAt));
        Assert.True(pausedDays > 0, "nine calendar days hold working days");
        var expected = WorkingDayCalendar.China.AddWorkingDays(deadline.DueDate, pausedDays);
        Assert.Equal(expected.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), resumed.GetProperty("dueDate").GetString());
        Assert.Equal(WorkingDayCalendar.StartOf(expected.AddDays(1)), resumed.GetProperty("dueBy").GetDateTimeOffset());
        Assert.Equal(pausedDays, resumed.GetProperty("slaPausedWorkingDays").GetInt32());
        Assert.False(resumed.GetProperty("slaPaused").GetBoolean());

        // The moved due date is stored, not only shown.
        var read = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");
        Assert.Equal(resumed.GetProperty("dueBy").GetDateTimeOffset(), read.GetProperty("dueBy").GetDateTimeOffset());
    }
}
