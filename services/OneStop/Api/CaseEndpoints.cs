using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Application.Cases;
using SmePlatform.OneStop.Application;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

public static class CaseEndpoints
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 500;
    public const int MaxReasonLength = 1000;

    private const string WardScopeRule = "counter staff: their own ward's cases only (another ward's answers 404 and never appears in lists)";

    private static readonly string[] Staff =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    private static readonly string[] Operators = [Roles.CounterStaff, Roles.Admin];
    private static readonly string[] Readers = [Roles.CounterStaff, Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/onestop/procedures", ProceduresAsync).WithTags("Cases").WithName("ListProcedures")
            .RequireAccess("every staff role: the service catalogue is public to staff", Staff);

        var group = routes.MapGroup("/api/onestop/cases").WithTags("Cases");
        group.MapPost("/", OpenAsync).WithName("OpenCase")
            .RequireAccess("counter staff: for enterprises of their own ward (others' are not found)", Operators);
        group.MapGet("/", ListAsync).WithName("ListCases")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCase")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapPost("/{id:guid}/transitions", TransitionAsync).WithName("CaseTransition")
            .RequireAccess(WardScopeRule, Operators);
        group.MapPost("/{id:guid}/documents/{document}", DocumentAsync).WithName("CaseDocument")
            .RequireAccess(WardScopeRule, Operators);
        return routes;
    }

    internal static async Task<Ok<IReadOnlyList<Procedure>>> ProceduresAsync(CaseStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.CurrentProceduresAsync(cancellationToken));

    internal static async Task<Results<Created<CaseView>, NotFound, ProblemHttpResult>> OpenAsync(
        OpenCaseRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EnterpriseId is null || request.EnterpriseId == Guid.Empty)
        {
            errors["enterpriseId"] = ["enterpriseId is the registered enterprise the case is for."];
        }

        var procedureCode = request.ProcedureCode?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(procedureCode))
        {
            errors["procedureCode"] = ["procedureCode is a procedure of the service catalogue (GET /api/onestop/procedures)."];
        }

        var kind = string.IsNullOrWhiteSpace(request.Kind) ? CaseKinds.New : request.Kind.Trim().ToLowerInvariant();
        if (kind is not (CaseKinds.New or CaseKinds.Renewal))
        {
            errors["kind"] = ["kind is new or renewal."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The case cannot be opened as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await RegisterStore.ReadAsync(unit, request.EnterpriseId!.Value, cancellationToken) is not { } found || !user.WardScope().Allows(found.Ward))
        {
            return TypedResults.NotFound();
        }

        if (found.Status != "active")
        {
            return OneStopProblems.Conflict("enterprise-deactivated", "The case cannot be opened.", "The enterprise is deactivated; cases are opened for active enterprises only.");
        }

        if (await CaseStore.CurrentProcedureAsync(unit, procedureCode!, cancellationToken) is not { } procedure)
        {
            return OneStopProblems.Invalid(new() { ["procedureCode"] = [$"'{request.ProcedureCode}' is not in the service catalogue (GET /api/onestop/procedures)."] },
                "The case cannot be opened as submitted.");
        }

        var now = clock.GetUtcNow();
        var stored = await CaseOpening.OpenAsync(unit, found, procedure, kind, Actor.From(user), now, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/cases/{stored.Case.Id}", CaseView.Of(stored, now));
    }

    internal static async Task<Results<Ok<CaseView>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, CaseStore store, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        response.SetVersion(stored.RowVersion);
        return TypedResults.Ok(CaseView.Of(stored, clock.GetUtcNow()));
    }

    /// <summary>Cases by ward, state, enterprise and overdue, the soonest due first; counter staff only ever see their own ward's.</summary>
    internal static async Task<Results<Ok<CaseList>, ProblemHttpResult>> ListAsync(
        string? ward, string? state, string? overdue, Guid? enterpriseId, int? limit, ClaimsPrincipal user, CaseStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var wardCode = WardFilter.Parse(ward, errors);

        CaseState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (WireNames.Parse<CaseState>(state) is { } parsed)
            {
                stateFilter = parsed;
            }
            else
            {
                errors["state"] = [$"state is one of: {WireNames.List<CaseState>()}."];
            }
        }

        bool? overdueFilter = null;
        if (!string.IsNullOrWhiteSpace(overdue))
        {
            if (bool.TryParse(overdue.Trim(), out var flag))
            {
                overdueFilter = flag;
            }
            else
            {
                errors["overdue"] = ["overdue is true or false."];
            }
        }

        if (limit is < 1 or > MaxListLimit)
        {
            errors["limit"] = [$"limit is 1 to {MaxListLimit}."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The case list request is invalid.");
        }

        if (!WardFilter.TryNarrow(user.WardScope(), wardCode, out wardCode))
        {
            return TypedResults.Ok(new CaseList([]));
        }

        var now = clock.GetUtcNow();
        var cases = await store.ListAsync(new CaseFilter(wardCode, stateFilter, overdueFilter, enterpriseId, now, limit ?? DefaultListLimit), cancellationToken);
        return TypedResults.Ok(new CaseList(cases.Select(c => CaseView.Of(c, now)).ToList()));
    }

    internal static async Task<Results<Ok<CaseView>, NotFound, ProblemHttpResult>> TransitionAsync(
        Guid id, CaseTransitionRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpRequest http,
        CancellationToken cancellationToken)
    {
        if (WireNames.Parse<CaseAction>(request.Action) is not { } action)
        {
            return OneStopProblems.Invalid(new() { ["action"] = [$"action is one of: {WireNames.List<CaseAction>()}."] },
                "The case cannot take this step.");
        }

        if (request.Reason?.Trim().Length > MaxReasonLength)
        {
            return OneStopProblems.Invalid(new() { ["reason"] = [$"A reason has at most {MaxReasonLength} characters."] }, "The case cannot take this step.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        if (PreconditionFailed(http, stored) is { } stale)
        {
            return stale;
        }

        var now = clock.GetUtcNow();
        var actor = user.Id() ?? "unknown";
        var result = CaseWorkflow.Apply(stored.Case, new CaseCommand(action, actor, now, request.Reason));
        if (result.Error is { } error)
        {
            return Refused(error, stored.Case);
        }

        var transition = result.Value!.History[^1];
        var after = stored with
        {
            Case = result.Value!,
            Deadline = SlaClock.AfterTransition(WorkingDayCalendar.China, stored.Deadline, transition, stored.Case.History),
            RowVersion = stored.RowVersion + 1,
        };
        after = await ReferralChanges.CancelOpenReferralsAsync(unit, after, Actor.From(user), now, cancellationToken);
        await CaseStore.UpdateAsync(unit, after, now, cancellationToken);
        await unit.EnqueueAsync(new CaseStateChanged(after.Case.Id, after.Case.EnterpriseId, after.Case.Ward, after.Case.ProcedureCode,
            action.ToString(), transition.From.ToString(), transition.To.ToString(), actor, transition.Reason, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "case." + action.ToString().ToLowerInvariant(), "case", id.ToString(), stored, after),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(CaseView.Of(after, now));
    }

    internal static async Task<Results<Ok<CaseView>, NotFound, ProblemHttpResult>> DocumentAsync(
        Guid id, string document, CaseDocumentRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpRequest http,
        CancellationToken cancellationToken)
    {
        var status = WireNames.Parse<DocumentStatus>(request.Status);
        if (status is null)
        {
            return OneStopProblems.Invalid(new() { ["status"] = ["status is received, missing or waived."] }, "The checklist cannot change as submitted.");
        }

        if (request.Reason?.Trim().Length > MaxReasonLength)
        {
            return OneStopProblems.Invalid(new() { ["reason"] = [$"A reason has at most {MaxReasonLength} characters."] }, "The checklist cannot change as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        if (PreconditionFailed(http, stored) is { } stale)
        {
            return stale;
        }

        var now = clock.GetUtcNow();
        var actor = user.Id() ?? "unknown";
        var result = status switch
        {
            DocumentStatus.Received => CaseWorkflow.ReceiveDocument(stored.Case, document, actor, now),
            DocumentStatus.Waived => CaseWorkflow.WaiveDocument(stored.Case, document, request.Reason, actor, now),
            _ => CaseWorkflow.MarkDocumentMissing(stored.Case, document, actor, now),
        };
        if (result.Error is { } error)
        {
            return Refused(error, stored.Case);
        }

        var after = stored with { Case = result.Value!, RowVersion = stored.RowVersion + 1 };
        await CaseStore.UpdateAsync(unit, after, now, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "case.document." + status.Value.ToString().ToLowerInvariant(), "case", id.ToString(),
            stored, after), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(CaseView.Of(after, now));
    }

    /// <summary>
    /// With If-Match (optional here: a case is mostly changed by one clerk at a time), the write applies only to the version
    /// the caller saw: the same ETag rules as every versioned resource (<see cref="EntityVersions"/>); <c>*</c> matches any.
    /// </summary>
    private static ProblemHttpResult? PreconditionFailed(HttpRequest http, StoredCase stored)
    {
        if (http.Headers.IfMatch.ToString().Trim() == "*")
        {
            return null;
        }

        var version = http.IfMatch(required: false);
        return version.Refusal?.ToProblem()
            ?? (version.Value is { } expected && expected != stored.RowVersion ? EntityVersions.Changed("case", stored.RowVersion).ToProblem() : null);
    }

    private static Results<Ok<CaseView>, NotFound, ProblemHttpResult> Refused(DomainError error, Case @case) =>
        error.Kind == DomainErrorKind.Conflict
            ? OneStopProblems.WorkflowConflict(error, "The case cannot take this step.", @case.State, CaseWorkflow.AllowedActions(@case.State))
            : OneStopProblems.InvalidStep(error, "The case cannot take this step.");
}
