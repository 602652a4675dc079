using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record ClaimRequest(decimal? Amount);

/// <summary>The bank files its claim on a defaulted guarantee: at most the guaranteed amount and the outstanding at default.</summary>
public sealed class FileClaimHandler(BankWrites writes) : IBankWriteHandler<ClaimRequest>
{
    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<ClaimRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        BankWrites.RequireAmount(errors, "amount", request.Body.Amount, "the amount claimed in CNY");
        return writes.RunAsync(request, BankOperations.Claim, "guarantee.claim_filed", errors, (_, _, bank) =>
            new LifecycleStep([(new FileClaim(request.Body.Amount!.Value), bank)], Then: (r, _) =>
                new GuaranteeClaimFiled(r.Id, r.BankId, r.EnterpriseId, r.ClaimFiled, r.GuaranteedAmount ?? 0m, r.Outstanding, writes.Now)),
            caller, cancellationToken);
    }
}
