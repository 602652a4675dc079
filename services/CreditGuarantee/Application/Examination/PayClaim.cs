using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <param name="Amount">Optional: the amount paid in CNY, at most the claim filed; the whole claim when absent.</param>
public sealed record ClaimPaymentRequest(decimal? Amount);

/// <summary>An examiner pays the filed claim: claim filed → claim paid, the fund subrogated for the amount.</summary>
public sealed class PayClaimHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<ClaimPaymentRequest?> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (request.Body?.Amount is { } given && (given <= 0 || !Money.HasAtMostTwoDecimals(given)))
        {
            return Task.FromResult<Outcome<ExaminerAnswer>>(Refusals.Invalid("amount",
                "The amount paid in CNY, above zero, with at most two decimals (leave it out to pay the claim filed)."));
        }

        var examiner = ExaminerWrites.Examiner(caller);
        return writes.RunAsync(request.ApplicationId, request.IfMatch, ExaminerStep.Of("guarantee.claim_paid", (row, _) =>
            new LifecycleStep([(new PayClaim(request.Body?.Amount ?? row.ClaimFiled), examiner)], Then: (r, _) =>
                new GuaranteeClaimPaid(r.Id, r.BankId, r.EnterpriseId, r.ClaimPaid, examiner.Id, writes.Now))), caller, cancellationToken);
    }
}
