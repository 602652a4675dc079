using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record RecoveryRequest(decimal? Amount, DateOnly? ReceivedOn);

/// <summary>The bank passes on a recovery from the borrower after the claim was paid: in total at most the claim paid.</summary>
public sealed class ReportRecoveryHandler(BankWrites writes) : IBankWriteHandler<RecoveryRequest>
{
    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<RecoveryRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new FieldErrors();
        BankWrites.RequireAmount(errors, "amount", body.Amount, "the amount recovered in CNY");
        BankWrites.RequireDate(errors, "receivedOn", body.ReceivedOn, writes.Today, "the date the recovery was received");
        return writes.RunAsync(request, BankOperations.Recovery, "guarantee.recovery_reported", errors, (_, _, bank) =>
            new LifecycleStep([(new BookRecovery(body.Amount!.Value, body.ReceivedOn), bank)], Then: (r, _) =>
                new GuaranteeRecoveryBooked(r.Id, r.BankId, r.EnterpriseId, body.Amount!.Value, body.ReceivedOn!.Value, r.Recovered, r.ClaimPaid, writes.Now)),
            caller, cancellationToken);
    }
}
