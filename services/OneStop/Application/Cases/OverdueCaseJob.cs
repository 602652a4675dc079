using Dapper;
using Microsoft.Extensions.Options;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Cases;

/// <summary>Configuration "OneStop:OverdueJob".</summary>
public sealed class OverdueCaseJobOptions
{
    public const string Section = "OneStop:OverdueJob";

    public bool Enabled { get; set; } = true;

    /// <summary>The local time (Asia/Shanghai) of the daily run, before the counters open.</summary>
    public TimeOnly RunAt { get; set; } = new(6, 0);
}

/// <summary>
/// Once per working day (at <see cref="OverdueCaseJobOptions.RunAt"/>, or at start when that time has passed and the day
/// has not run) flags every open case that passed its due date while not waiting for documents, sets its
/// <c>overdue_since</c> and publishes <see cref="CaseOverdue"/> once per case, all in one transaction. Safe with several
/// instances: the day's row in <c>scheduled_job_runs</c> is inserted first, so a second instance blocks on the primary key
/// until the first commits and then finds the day done; a crashed run rolls back its row and the next instance runs it.
/// </summary>
public sealed partial class OverdueCaseJob(
    UnitOfWorkFactory units, TimeProvider clock, IOptions<OverdueCaseJobOptions> options, ILogger<OverdueCaseJob> logger) : BackgroundService
{
    public const string JobName = "case-overdue";

    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.China;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var runAt = options.Value.RunAt;
        DateOnly? lastRun = null;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                if (OverdueSchedule.DueRun(Calendar, runAt, now, lastRun) is { } day)
                {
                    try
                    {
                        var flagged = await RunAsync(day, stoppingToken);
                        LogRun(logger, day, flagged);
                        lastRun = day;
                        failures = 0;
                    }
                    catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Database away (or a bug): retry with back-off (up to 5 minutes) rather than stop the daily run for
                        // good; the day stays due until a run commits.
                        failures++;
                        LogRunFailed(logger, exception, day, failures);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, Math.Min(failures, 6)))), clock, stoppingToken);
                    }

                    continue;
                }

                var wait = OverdueSchedule.NextRun(Calendar, runAt, now, lastRun) - now;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// The run of one working day: the number of cases flagged, or null when the day was already run (by this or another
    /// instance).
    /// </summary>
    public async Task<int?> RunAsync(DateOnly runDate, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var unit = await units.BeginAsync(cancellationToken);
        var claimed = await unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scheduled_job_runs (job, run_date, started_at) VALUES (@job, @runDate, @now) ON CONFLICT DO NOTHING",
            new { job = JobName, runDate, now }, unit.Transaction, cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            return null;
        }

        var flagged = (await unit.Connection.QueryAsync<FlaggedCase>(new CommandDefinition(
            """
            UPDATE cases SET overdue_since = due_by
            WHERE overdue_since IS NULL AND state NOT IN ('Completed', 'Rejected', 'Withdrawn', 'WaitingForDocuments') AND due_by <= @now
            RETURNING id, enterprise_id, ward, procedure_code, state, due_date, due_by
            """,
            new { now }, unit.Transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var c in flagged)
        {
            await unit.EnqueueAsync(new CaseOverdue(c.Id, c.EnterpriseId, c.Ward, c.ProcedureCode, c.State, c.DueDate, c.DueBy, runDate, now),
                cancellationToken);
            await unit.AuditAsync(new AuditEntry(Actor.System("onestop"), "case.overdue-flagged", "case", c.Id.ToString(), null,
                new { overdueSince = c.DueBy, c.DueDate, runDate }), cancellationToken);
        }

        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scheduled_job_runs SET flagged = @count WHERE job = @job AND run_date = @runDate",
            new { count = flagged.Count, job = JobName, runDate }, unit.Transaction, cancellationToken: cancellationToken));
        await unit.CommitAsync(cancellationToken);
        return flagged.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Overdue run of {RunDate}: {Flagged} case(s) flagged (null: already run).")]
    private static partial void LogRun(ILogger logger, DateOnly runDate, int? flagged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue run of {RunDate} failed (attempt {Failures}); retrying.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, DateOnly runDate, int failures);

    private sealed class FlaggedCase
    {
        public Guid Id { get; set; }

        public Guid EnterpriseId { get; set; }

        public string Ward { get; set; } = "";

        public string ProcedureCode { get; set; } = "";

        public string State { get; set; } = "";

        public DateOnly DueDate { get; set; }

        public DateTimeOffset DueBy { get; set; }
    }
}
