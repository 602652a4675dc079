using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record RepaymentRequest(decimal? Amount, DateOnly? PaidOn, decimal? OutstandingAfter);

/// <summary>
/// The bank reports a repayment of principal; the guarantee is repaid when nothing is outstanding. The outstanding the
/// bank states after it must match the fund's records, so the two books never drift apart silently.
/// </summary>
public sealed class ReportRepaymentHandler(BankWrites writes) : IBankWriteHandler<RepaymentRequest>
{
    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<RepaymentRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new FieldErrors();
        BankWrites.RequireAmount(errors, "amount", body.Amount, "the principal repaid in CNY");
        BankWrites.RequireDate(errors, "paidOn", body.PaidOn, writes.Today, "the date the repayment was received");
        errors.AddIf(body.OutstandingAfter is not { } after || after < 0 || !Money.HasAtMostTwoDecimals(after), "outstandingAfter",
            "Required: the principal outstanding after this repayment in CNY, zero or more, with at most two decimals.");
        return writes.RunAsync(request, BankOperations.Repayment, "guarantee.repayment_reported", errors, (row, _, bank) =>
        {
            var amount = body.Amount!.Value;
            var expected = row.Outstanding - amount;
            if (row.StateValue == ApplicationState.Active && amount <= row.Outstanding && body.OutstandingAfter != expected)
            {
                return LifecycleStep.Refuse(Refusals.Rule("workflow-rule", "The outstanding after the repayment does not match the fund's records.",
                    $"The fund has {Money.FormatFen(row.Outstanding)} outstanding; after repaying {Money.FormatFen(amount)} that leaves "
                    + $"{Money.FormatFen(expected)}, not {Money.FormatFen(body.OutstandingAfter!.Value)}. Nothing was recorded.",
                    "repayment.outstanding_mismatch"));
            }

            return new LifecycleStep([(new ReportRepayment(amount, body.PaidOn), bank)], Then: (r, _) =>
                r.StateValue == ApplicationState.Repaid ? new GuaranteeRepaid(r.Id, r.BankId, r.EnterpriseId, amount, body.PaidOn!.Value, writes.Now) : null);
        }, caller, cancellationToken);
    }
}
