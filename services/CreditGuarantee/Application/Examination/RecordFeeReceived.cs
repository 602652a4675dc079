using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <param name="Amount">Optional: the fee received in CNY; the decision's fee when absent.</param>
public sealed record FeeReceivedRequest(decimal? Amount);

/// <summary>The fund records the guarantee fee received: issued → active. An administrator may record it too.</summary>
public sealed class RecordFeeReceivedHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<FeeReceivedRequest?> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (request.Body?.Amount is { } given && (given <= 0 || !Money.HasAtMostTwoDecimals(given)))
        {
            return Task.FromResult<Outcome<ExaminerAnswer>>(Refusals.Invalid("amount",
                "The fee received in CNY, above zero, with at most two decimals (leave it out for the decision's fee)."));
        }

        var actor = new WorkflowActor(caller.Id() ?? "", caller.IsInRole(Roles.Admin) ? ActorRole.FundAdministrator : ActorRole.Examiner);
        return writes.RunAsync(request.ApplicationId, request.IfMatch, ExaminerStep.Of("guarantee.fee_received", (row, _) =>
        {
            var amount = request.Body?.Amount ?? row.DecisionRecord?.Fee ?? 0m;
            return amount > 0 || row.StateValue != ApplicationState.Issued
                ? new LifecycleStep([(new ConfirmFeePaid(amount), actor)])
                : Refusals.Rule("workflow-rule", "The fee is not known.", "The decision records no fee; send the amount received.", "fee.amount");
        }), caller, cancellationToken);
    }
}
