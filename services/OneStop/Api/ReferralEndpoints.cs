using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.OneStop.Application.Cases;
using SmePlatform.OneStop.Application;
using SmePlatform.OneStop.Application.Referrals;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// A referral as the API shows it: the domain referral, its acceptance deadline seen now, what may happen next, and
/// every reply the receiver sent (applied or not), and the service that asked for it when counter staff did not.
/// </summary>
public sealed record ReferralView(
    Guid Id,
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string Target,
    string Note,
    ReferralState State,
    DateTimeOffset SentAt,
    string SentBy,
    ReferredLoanRequest? LoanRequest,
    DateTimeOffset? AcceptedAt,
    string? ReceiverReference,
    ReferralOutcome? Outcome,
    string? DeclineOrCancelReason,
    DateTimeOffset AcceptanceDueBy,
    bool AcceptanceOverdue,
    DateTimeOffset? AcceptanceOverdueAlertedAt,
    IReadOnlyList<ReferralAction> AllowedActions,
    IReadOnlyList<ReferralTransition> History,
    IReadOnlyList<ReferralReplyRecord> Replies,
    ReferralOriginView? Origin);

/// <summary>
/// Which service asked for a referral (its person is <c>sentBy</c>) and what it was started from, in that service's
/// terms; absent for a referral counter staff sent. Never the origin's figures.
/// </summary>
public sealed record ReferralOriginView(string Service, string Reference);

public sealed record ReferralList(IReadOnlyList<ReferralView> Items);

/// <summary>What sending a referral answers: the referral and the case it moved to Referred.</summary>
public sealed record SentReferral(ReferralView Referral, CaseView Case);

/// <summary>What a cancellation answers: the referral and its case (back in progress when no other referral is open).</summary>
public sealed record CancelledReferral(ReferralView Referral, CaseView Case);

public static class ReferralEndpoints
{
    public const int DefaultOverdueLimit = 100;
    public const int MaxOverdueLimit = 500;

    private const string WardScopeRule = "counter staff: their own ward's cases only (another ward's answers 404)";

    private static readonly string[] Operators = [Roles.CounterStaff, Roles.Admin];
    private static readonly string[] Readers = [Roles.CounterStaff, Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/cases/{id:guid}/referrals").WithTags("Referrals");
        group.MapPost("/", SendAsync).WithName("SendReferral")
            .RequireAccess(WardScopeRule, Operators);
        group.MapGet("/", ListAsync).WithName("ListReferrals")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapPost("/{referralId:guid}/cancellation", CancelAsync).WithName("CancelReferral")
            .RequireAccess(WardScopeRule, Operators);
        routes.MapGet("/api/onestop/referrals/overdue", OverdueAsync).WithTags("Referrals").WithName("OverdueReferrals")
            .RequireAccess("counter staff: their own ward only (another ward's list is empty); SME Office and admins: any ward", Readers);
        return routes;
    }

    /// <summary>
    /// Refers the case: the referral is stored as sent, the case moves to Referred through its workflow, and
    /// ReferralSent (with CaseStateChanged) goes to the outbox in the same transaction, audited.
    /// </summary>
    internal static async Task<Results<Created<SentReferral>, NotFound, ProblemHttpResult>> SendAsync(
        Guid id, SendReferralRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, IOptions<ReferralOptions> options,
        CancellationToken cancellationToken)
    {
        var (valid, errors) = ReferralRequests.Validate(request);
        if (valid is null)
        {
            return OneStopProblems.Invalid(errors, "The case cannot be referred as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        var enterprise = await RegisterStore.ReadAsync(unit, stored.Case.EnterpriseId, cancellationToken)
            ?? throw new InvalidOperationException("A case's enterprise is never deleted.");
        if (enterprise.Status != "active")
        {
            return OneStopProblems.Conflict("enterprise-deactivated", "The case cannot be referred.",
                "The enterprise is deactivated; it can no longer be referred to another service.");
        }

        var now = clock.GetUtcNow();
        var sent = await ReferralSending.SendAsync(unit, new ReferralDraft(stored, enterprise, valid, user.Id() ?? "unknown", null), Actor.From(user), now,
            cancellationToken);
        if (sent.Error is { } error)
        {
            return Refused(error, stored.Case);
        }

        await unit.CommitAsync(cancellationToken);
        var referral = sent.Value!.Referral;
        return TypedResults.Created($"/api/onestop/cases/{id}/referrals/{referral.Referral.Id}",
            new SentReferral(View(referral, [], options.Value, now), CaseView.Of(sent.Value.Case, now)));
    }

    /// <summary>The case's referrals, oldest first, each with the replies received for it.</summary>
    internal static async Task<Results<Ok<ReferralList>, NotFound>> ListAsync(
        Guid id, ClaimsPrincipal user, CaseStore cases, ReferralStore referrals, TimeProvider clock, IOptions<ReferralOptions> options,
        CancellationToken cancellationToken)
    {
        if (await cases.FindAsync(id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var items = await referrals.ListForCaseAsync(id, cancellationToken);
        var replies = (await referrals.RepliesForCaseAsync(id, cancellationToken)).ToLookup(reply => reply.ReferralId);
        return TypedResults.Ok(new ReferralList(items.Select(item => View(item, [.. replies[item.Referral.Id]], options.Value, now)).ToList()));
    }

    /// <summary>Counter staff withdraw a referral (with a reason); the receiver is told by ReferralCancelled.</summary>
    internal static async Task<Results<Ok<CancelledReferral>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, Guid referralId, CancelReferralRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        IOptions<ReferralOptions> options, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > CaseEndpoints.MaxReasonLength)
        {
            return OneStopProblems.Invalid(new() { ["reason"] = [$"Cancelling a referral needs a reason of at most {CaseEndpoints.MaxReasonLength} characters."] },
                "The referral cannot be cancelled as submitted.");
        }

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward) ||
            await ReferralStore.LockAsync(unit, referralId, cancellationToken) is not { } before || before.Referral.CaseId != id)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var actor = user.Id() ?? "unknown";
        var cancelled = ReferralWorkflow.Apply(before.Referral, new ReferralCommand(ReferralAction.Cancel, actor, now, reason));
        if (cancelled.Error is { } error)
        {
            return error.Kind == DomainErrorKind.Conflict
                ? OneStopProblems.WorkflowConflict(error, "The referral cannot be cancelled.", before.Referral.State,
                    ReferralWorkflow.AllowedActions(before.Referral.State))
                : OneStopProblems.InvalidStep(error, "The referral cannot be cancelled.");
        }

        var after = before with { Referral = cancelled.Value!, RowVersion = before.RowVersion + 1 };
        await ReferralStore.UpdateAsync(unit, after, now, cancellationToken);
        var caseAfter = await ReferralChanges.RecordOnCaseAsync(unit, stored, after.Referral, Actor.From(user), now, cancellationToken);
        var r = after.Referral;
        await unit.EnqueueAsync(new ReferralCancelled(r.Id, r.CaseId, r.EnterpriseId, ReferralStore.ToWire(r.Target), reason, actor, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "referral.cancelled", "referral", r.Id.ToString(), before, after), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(new CancelledReferral(View(after, [], options.Value, now), CaseView.Of(caseAfter, now)));
    }

    /// <summary>Referrals nobody accepted within the acceptance working days, the longest waiting first.</summary>
    internal static async Task<Results<Ok<ReferralList>, ProblemHttpResult>> OverdueAsync(
        string? ward, int? limit, ClaimsPrincipal user, ReferralStore referrals, TimeProvider clock, IOptions<ReferralOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var wardCode = WardFilter.Parse(ward, errors);

        if (limit is < 1 or > MaxOverdueLimit)
        {
            errors["limit"] = [$"limit is 1 to {MaxOverdueLimit}."];
        }

        if (errors.Count > 0)
        {
            return OneStopProblems.Invalid(errors, "The overdue referral list request is invalid.");
        }

        if (!WardFilter.TryNarrow(user.WardScope(), wardCode, out wardCode))
        {
            return TypedResults.Ok(new ReferralList([]));
        }

        var now = clock.GetUtcNow();
        var days = options.Value.AcceptanceWorkingDays;
        // Candidates come oldest first and the deadline never moves earlier for a later send, so the overdue ones lead.
        var candidates = await referrals.AwaitingAcceptanceAsync(wardCode, days, now, limit ?? DefaultOverdueLimit, cancellationToken);
        var overdue = candidates.Where(c => ReferralWorkflow.IsAcceptanceOverdue(c.Referral, WorkingDayCalendar.China2025, days, now));
        return TypedResults.Ok(new ReferralList(overdue.Select(c => View(c, [], options.Value, now)).ToList()));
    }

    internal static ReferralView View(StoredReferral stored, IReadOnlyList<ReferralReplyRecord> replies, ReferralOptions options, DateTimeOffset now)
    {
        var r = stored.Referral;
        var due = WorkingDayCalendar.China2025.Deadline(r.SentAt, options.AcceptanceWorkingDays);
        return new ReferralView(r.Id, r.CaseId, r.EnterpriseId, stored.Ward, ReferralStore.ToWire(r.Target), r.Note, r.State, r.SentAt, r.SentBy,
            stored.LoanRequest, r.AcceptedAt, stored.ReceiverReference, r.Outcome, r.DeclineOrCancelReason, due.DueBy,
            ReferralWorkflow.IsAcceptanceOverdue(r, WorkingDayCalendar.China2025, options.AcceptanceWorkingDays, now), stored.AcceptanceOverdueAt,
            ReferralWorkflow.AllowedActions(r.State).Where(a => a == ReferralAction.Cancel).ToList(), r.History, replies,
            stored.Origin is { } origin ? new ReferralOriginView(origin.Service, origin.Reference) : null);
    }

    private static Results<Created<SentReferral>, NotFound, ProblemHttpResult> Refused(DomainError error, Case @case) =>
        error.Kind == DomainErrorKind.Conflict
            ? OneStopProblems.WorkflowConflict(error, "The case cannot be referred.", @case.State, CaseWorkflow.AllowedActions(@case.State))
            : OneStopProblems.InvalidStep(error, "The case cannot be referred.");
}
