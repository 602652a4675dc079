using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

public sealed record DefaultRequest(int? DaysPastDue, decimal? Outstanding);

/// <summary>The bank reports the borrower's default: at least the configured days past due (preset 60).</summary>
public sealed class ReportDefaultHandler(BankWrites writes) : IBankWriteHandler<DefaultRequest>
{
    public const int MaxDaysPastDue = 36_500;

    public Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<DefaultRequest> request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var body = request.Body;
        var errors = new FieldErrors().AddIf(body.DaysPastDue is not (>= 0 and <= MaxDaysPastDue), "daysPastDue",
            $"Required: the days the loan is past due, 0 to {MaxDaysPastDue}.");
        BankWrites.RequireAmount(errors, "outstanding", body.Outstanding, "the principal outstanding at default in CNY");
        return writes.RunAsync(request, BankOperations.Default, "guarantee.default_reported", errors, (_, config, bank) =>
            new LifecycleStep([(new DeclareDefault(body.DaysPastDue!.Value, body.Outstanding), bank)], Then: (r, _) =>
                new GuaranteeDefaulted(r.Id, r.BankId, r.EnterpriseId, body.DaysPastDue!.Value, config.Workflow.DefaultTriggerDaysPastDue,
                    r.Outstanding, r.GuaranteedAmount ?? 0m, writes.Now)),
            caller, cancellationToken);
    }
}
