using System.Security.Claims;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The fund's side of the guarantee lifecycle under /api/guarantee: the fee received (issued → active), the claim paid
/// (claim filed → claim paid, the fund subrogated for the amount) and the closure (repaid or after the claim). Examiners
/// act; an administrator may also record the fee.
/// </summary>
public static class GuaranteeStaffEndpoints
{
    public static IEndpointRouteBuilder MapGuaranteeStaffEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantee/applications").WithTags("Guarantees");
        group.MapPost("/{id:guid}/fee-received", FeeReceivedAsync).WithName("RecordFeeReceived")
            .RequireAccess("the fund records the guarantee fee received; the guarantee becomes active", Roles.Examiner, Roles.Admin);
        group.MapPost("/{id:guid}/claim-payment", PayClaimAsync).WithName("PayClaim")
            .RequireAccess("examiners pay the filed claim (subrogation)", Roles.Examiner);
        group.MapPost("/{id:guid}/closure", CloseAsync).WithName("CloseGuarantee")
            .RequireAccess("examiners close a repaid guarantee or one whose claim is paid", Roles.Examiner);
        return routes;
    }

    /// <param name="Amount">Optional: the fee received in CNY; the decision's fee when absent.</param>
    public sealed record FeeReceivedRequest(decimal? Amount);

    /// <param name="Amount">Optional: the amount paid in CNY, at most the claim filed; the whole claim when absent.</param>
    public sealed record ClaimPaymentRequest(decimal? Amount);

    public sealed record ClosureRequest(string? Note);

    internal static Task<IResult> FeeReceivedAsync(Guid id, FeeReceivedRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request?.Amount is { } given && (given <= 0 || !Money.HasAtMostTwoDecimals(given)))
        {
            return Task.FromResult(Validation("amount", "The fee received in CNY, above zero, with at most two decimals (leave it out for the decision's fee)."));
        }

        var actor = new WorkflowActor(user.Id() ?? "", user.IsInRole(Roles.Admin) ? ActorRole.FundAdministrator : ActorRole.Examiner);
        return ActAsync(id, user, units, clock, "guarantee.fee_received", row =>
        {
            var amount = request?.Amount ?? row.DecisionRecord?.Fee ?? 0m;
            return amount > 0 || row.StateValue != ApplicationState.Issued
                ? new LifecycleStep([(new ConfirmFeePaid(amount), actor)])
                : LifecycleStep.Refuse(Refusals.Rule("workflow-rule", "The fee is not known.", "The decision records no fee; send the amount received.", "fee.amount"));
        }, cancellationToken);
    }

    internal static Task<IResult> PayClaimAsync(Guid id, ClaimPaymentRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request?.Amount is { } given && (given <= 0 || !Money.HasAtMostTwoDecimals(given)))
        {
            return Task.FromResult(Validation("amount", "The amount paid in CNY, above zero, with at most two decimals (leave it out to pay the claim filed)."));
        }

        var examiner = new WorkflowActor(user.Id() ?? "", ActorRole.Examiner);
        return ActAsync(id, user, units, clock, "guarantee.claim_paid", row =>
            new LifecycleStep([(new PayClaim(request?.Amount ?? row.ClaimFiled), examiner)], Then: (r, _) =>
                new GuaranteeClaimPaid(r.Id, r.BankId, r.EnterpriseId, r.ClaimPaid, examiner.Id, clock.GetUtcNow())), cancellationToken);
    }

    internal static Task<IResult> CloseAsync(Guid id, ClosureRequest? request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var examiner = new WorkflowActor(user.Id() ?? "", ActorRole.Examiner);
        return ActAsync(id, user, units, clock, "guarantee.closed", _ => new LifecycleStep([(new Close(), examiner)]), cancellationToken);
    }

    private static async Task<IResult> ActAsync(Guid id, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, string auditAction,
        Func<ApplicationRow, LifecycleStep> step, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        if (await ApplicationStore.FindAsync(unit.Connection, unit.Transaction, id, null, cancellationToken) is not { } row)
        {
            return Refusals.NotFound().ToProblem();
        }

        var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, ServiceClock.Today(now), cancellationToken);
        if (await GuaranteeLifecycle.RunAsync(unit, row, config, step(row), user, auditAction, now, cancellationToken) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var history = await ApplicationStore.HistoryAsync(unit, id, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Ok(ApplicationViews.ForExaminer(row, history, config, now));
    }

    private static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            title: "The request cannot be accepted as sent.", type: ProblemDetailsDefaults.TypeBase + "validation");
}
