using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>A walk-in visitor's ticket: why they came and, when known, for which registered enterprise.</summary>
public sealed record IssueTicketRequest(string? Reason, Guid? EnterpriseId);

/// <summary>Optional detail of a ticket action: the counter (desk) that calls the visitor.</summary>
public sealed record TicketActionRequest(string? Counter);

/// <summary>A ward's queue now: the day's open tickets in number order, and how many wait.</summary>
public sealed record QueueView(string Ward, DateOnly Day, int Waiting, IReadOnlyList<Ticket> Tickets);

public static class CounterEndpoints
{
    public const int MaxCounterLength = 20;

    private const string WardScopeRule =
        "counter staff: their own ward's counter only (another ward's answers 404, as if it had none)";

    private static readonly string[] Operators = [Roles.CounterStaff, Roles.Admin];
    private static readonly string[] Readers = [Roles.CounterStaff, Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapCounterEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/counters/{ward}").WithTags("Counters");
        group.MapPost("/tickets", IssueAsync).WithName("IssueTicket").RequireAccess(WardScopeRule, Operators);
        group.MapPost("/tickets/{id:guid}/call", (string ward, Guid id, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units,
                TimeProvider clock, CancellationToken ct) => ActAsync(ward, id, TicketAction.Call, body, user, units, clock, ct))
            .WithName("CallTicket").RequireAccess(WardScopeRule, Operators);
        group.MapPost("/tickets/{id:guid}/start", (string ward, Guid id, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units,
                TimeProvider clock, CancellationToken ct) => ActAsync(ward, id, TicketAction.StartService, body, user, units, clock, ct))
            .WithName("StartTicketService").RequireAccess(WardScopeRule, Operators);
        group.MapPost("/tickets/{id:guid}/finish", (string ward, Guid id, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units,
                TimeProvider clock, CancellationToken ct) => ActAsync(ward, id, TicketAction.Finish, body, user, units, clock, ct))
            .WithName("FinishTicket").RequireAccess(WardScopeRule, Operators);
        group.MapPost("/tickets/{id:guid}/no-show", (string ward, Guid id, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units,
                TimeProvider clock, CancellationToken ct) => ActAsync(ward, id, TicketAction.MarkNoShow, body, user, units, clock, ct))
            .WithName("MarkTicketNoShow").RequireAccess(WardScopeRule, Operators);
        group.MapPost("/queue/call-next", CallNextAsync).WithName("CallNextTicket").RequireAccess(WardScopeRule, Operators);
        group.MapGet("/queue", QueueAsync).WithName("CounterQueue")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapGet("/figures", FiguresAsync).WithName("CounterFigures")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        return routes;
    }

    /// <summary>The ward of the route when it exists and the caller may see it; null answers 404.</summary>
    internal static Ward? VisibleWard(string ward, ClaimsPrincipal user) =>
        Ward.Find(ward) is { } found && user.WardScope().Allows(found.Code) ? found : null;

    internal static async Task<Results<Created<Ticket>, NotFound, ProblemHttpResult>> IssueAsync(
        string ward, IssueTicketRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (VisibleWard(ward, user) is not { } counter)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        // Validate before a number is taken, so bad input never burns one.
        if (CounterQueue.Issue(id, counter.Code, request.Reason, request.EnterpriseId, now, 0).Error is { } invalid)
        {
            return OneStopProblems.InvalidStep(invalid, "The ticket cannot be issued as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (request.EnterpriseId is { } enterpriseId)
        {
            var enterpriseWard = (await RegisterStore.ReadAsync(unit, enterpriseId, cancellationToken))?.Ward;
            if (enterpriseWard is null || !user.WardScope().Allows(enterpriseWard))
            {
                return OneStopProblems.Invalid(new Dictionary<string, string[]>
                {
                    ["enterpriseId"] = [$"No enterprise {enterpriseId} is registered{(user.WardScope().IsCityWide ? "" : " in your ward")}; leave it out for a visitor not yet registered."],
                }, "The ticket cannot be issued as submitted.");
            }
        }

        var day = WorkingDayCalendar.LocalDate(now);
        var sequence = await TicketStore.NextSequenceAsync(unit, counter.Code, day, cancellationToken);
        var ticket = CounterQueue.Issue(id, counter.Code, request.Reason, request.EnterpriseId, now, sequence - 1).Value!;
        await TicketStore.InsertAsync(unit, ticket, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "ticket.issued", "ticket", ticket.Id.ToString(), null, ticket), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/counters/{counter.Code}/tickets/{ticket.Id}", ticket);
    }

    /// <summary>Moves a ticket on (call, start, finish, no-show) by the rules of <see cref="CounterQueue"/>; the caller is the staff member.</summary>
    internal static async Task<Results<Ok<Ticket>, NotFound, ProblemHttpResult>> ActAsync(
        string ward, Guid id, TicketAction action, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (VisibleWard(ward, user) is not { } counter)
        {
            return TypedResults.NotFound();
        }

        if (CheckCounter(body) is { } invalidCounter)
        {
            return invalidCounter;
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await TicketStore.LockAsync(unit, counter.Code, id, cancellationToken) is not { } ticket)
        {
            return TypedResults.NotFound();
        }

        return await ApplyAsync(unit, ticket, action, body, user, clock, cancellationToken);
    }

    /// <summary>Calls the ward's oldest waiting ticket of the day; two clerks calling at once get two different visitors.</summary>
    internal static async Task<Results<Ok<Ticket>, NotFound, ProblemHttpResult>> CallNextAsync(
        string ward, TicketActionRequest? body, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (VisibleWard(ward, user) is not { } counter)
        {
            return TypedResults.NotFound();
        }

        if (CheckCounter(body) is { } invalidCounter)
        {
            return invalidCounter;
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await TicketStore.LockNextWaitingAsync(unit, counter.Code, WorkingDayCalendar.LocalDate(clock.GetUtcNow()), cancellationToken) is not { } ticket)
        {
            return OneStopProblems.Conflict("queue-empty", "Nobody is waiting.", $"No ticket of today is waiting at the {counter.NameEn} counter.");
        }

        return await ApplyAsync(unit, ticket, TicketAction.Call, body, user, clock, cancellationToken);
    }

    /// <summary>The ward's open tickets of today (Asia/Shanghai) in number order.</summary>
    internal static async Task<Results<Ok<QueueView>, NotFound>> QueueAsync(
        string ward, ClaimsPrincipal user, TicketStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (VisibleWard(ward, user) is not { } counter)
        {
            return TypedResults.NotFound();
        }

        var day = WorkingDayCalendar.LocalDate(clock.GetUtcNow());
        var tickets = await store.ListAsync(counter.Code, day, openOnly: true, cancellationToken);
        return TypedResults.Ok(new QueueView(counter.Code, day, tickets.Count(t => t.State == TicketState.Waiting), tickets));
    }

    /// <summary>The ward's figures for a day (today by default): issued, served, no-shows, wait and service times.</summary>
    internal static async Task<Results<Ok<WardDayFigures>, NotFound, ProblemHttpResult>> FiguresAsync(
        string ward, string? date, ClaimsPrincipal user, TicketStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (VisibleWard(ward, user) is not { } counter)
        {
            return TypedResults.NotFound();
        }

        var day = WorkingDayCalendar.LocalDate(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(date) && !DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return OneStopProblems.Invalid(new Dictionary<string, string[]> { ["date"] = ["date is a day as yyyy-MM-dd, e.g. 2025-03-14."] }, "The figures request is invalid.");
        }

        var tickets = await store.ListAsync(counter.Code, day, openOnly: false, cancellationToken);
        var figures = CounterStatistics.Daily(tickets).SingleOrDefault()
            ?? new WardDayFigures(counter.Code, day, 0, 0, 0, DurationFigures.Of([]), DurationFigures.Of([]));
        return TypedResults.Ok(figures);
    }

    private static async Task<Results<Ok<Ticket>, NotFound, ProblemHttpResult>> ApplyAsync(
        UnitOfWork unit, Ticket ticket, TicketAction action, TicketActionRequest? body, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var result = CounterQueue.Apply(ticket, new TicketCommand(action, clock.GetUtcNow(), user.Id(), body?.Counter));
        if (result.Error is { } error)
        {
            return error.Kind == DomainErrorKind.Conflict
                ? OneStopProblems.WorkflowConflict(error, "The ticket cannot take this step.", null, CounterQueue.AllowedActions(ticket.State))
                : OneStopProblems.InvalidStep(error, "The ticket cannot take this step.");
        }

        var after = result.Value!;
        await TicketStore.UpdateAsync(unit, after, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "ticket." + action.ToString().ToLowerInvariant(), "ticket", ticket.Id.ToString(),
            ticket, after), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(after);
    }

    private static ProblemHttpResult? CheckCounter(TicketActionRequest? body) => body?.Counter?.Trim().Length > MaxCounterLength
        ? OneStopProblems.Invalid(new Dictionary<string, string[]> { ["counter"] = [$"A counter name has at most {MaxCounterLength} characters."] }, "The ticket cannot take this step.")
        : null;

}
