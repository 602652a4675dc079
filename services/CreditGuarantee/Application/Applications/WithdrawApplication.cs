using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record WithdrawalRequest(string? Reason);

/// <summary>The bank withdraws an application before its guarantee is issued.</summary>
public sealed class WithdrawApplicationHandler(BankWrites writes) : IBankWriteHandler<WithdrawalRequest>
{
    public const int MaxReasonLength = 2000;

    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<WithdrawalRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().AddIf(request.Body.Reason is { Length: > MaxReasonLength }, "reason", $"At most {MaxReasonLength} characters.");
        return writes.RunAsync(request, BankOperations.Withdrawal, "application.withdrawn", errors,
            (_, _, bank) => new LifecycleStep([(new Withdraw(request.Body.Reason ?? ""), bank)]),
            caller, cancellationToken);
    }
}
