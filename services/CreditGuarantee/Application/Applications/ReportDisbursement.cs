using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record DisbursementRequest(decimal? Amount, DateOnly? DisbursedOn);

/// <summary>
/// The bank reports the loan's disbursement; the guarantee is issued at once when every condition is met
/// (<see cref="GuaranteeWorkflow.ApplyAndIssueWhenReady"/>).
/// </summary>
public sealed class ReportDisbursementHandler(BankWrites writes) : IBankWriteHandler<DisbursementRequest>
{
    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<DisbursementRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new FieldErrors();
        BankWrites.RequireAmount(errors, "amount", body.Amount, "the amount disbursed in CNY");
        var today = writes.Today;
        errors.AddIf(body.DisbursedOn is not { } on || on > today, "disbursedOn",
            $"Required: the date of disbursement (yyyy-MM-dd), not after today ({today:yyyy-MM-dd}).");
        return writes.RunAsync(request, BankOperations.Disbursement, "application.disbursement_reported", errors,
            (_, _, bank) => new LifecycleStep([(new ReportDisbursement(body.Amount!.Value, body.DisbursedOn!.Value), bank)]),
            caller, cancellationToken,
            againstApplication: (row, more) => more.AddIf(body.Amount is { } amount && amount > row.LoanAmount && !more.ToDictionary().ContainsKey("amount"),
                "amount", $"At most the loan of {Money.FormatFen(row.LoanAmount)}."));
    }
}
