using System.Security.Claims;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.SharedKernel;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <param name="Queue">all (the default), unassigned, mine or overdue.</param>
public sealed record ExaminationQueueRequest(string? Queue, string? Status, string? Cursor, int? Limit);

/// <summary>The examiners' work queue: all, unassigned, mine, overdue against the examination time limit, with counts.</summary>
/// <param name="dataSource">Planned per query (never prepared): the queue's filters are one statement whose best plan depends on
/// which queue and status the examiner asks for; a generic plan would serve every queue with one scan.</param>
public sealed class ExaminationQueueHandler([FromKeyedServices(DataExtensions.PlannedPerQuery)] NpgsqlDataSource dataSource, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Queues = ["all", "unassigned", "mine", "overdue"];

    public async Task<Outcome<QueuePage>> HandleAsync(ExaminationQueueRequest request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var queue = request.Queue ?? "all";
        if (!Queues.Contains(queue))
        {
            errors["queue"] = [$"Use one of {string.Join(", ", Queues)}."];
        }

        var after = ApplicationListQuery.Validate(request.Status, request.Cursor, request.Limit, errors);
        if (errors.Count > 0)
        {
            return Refusals.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var take = request.Limit ?? ApplicationListQuery.DefaultPageSize;
        var me = caller.Id() ?? "";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var config = await ConfigurationStore.CurrentAsync(connection, null, ServiceClock.Today(now), cancellationToken);
        var overdueBefore = ExaminationTimeLimit.OverdueBefore(WorkingDayCalendar.China, config.Workflow, now);
        var rows = await ExaminerQueries.QueueAsync(connection, request.Status, queue, me, overdueBefore, after, take + 1, cancellationToken);
        var counts = await ExaminerQueries.CountsAsync(connection, request.Status, me, overdueBefore, cancellationToken);
        var page = rows.Take(take).ToList();
        return new QueuePage([.. page.Select(r => ApplicationViews.QueueItem(r, config.Workflow, now))],
            rows.Count > take ? Cursor.Format(page[^1].SubmittedAt, page[^1].Id) : null, counts, config.Workflow.ExaminationTimeLimitWorkingDays);
    }
}
