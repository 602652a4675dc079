using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

public sealed record ClosureRequest(string? Note);

/// <summary>An examiner closes a repaid guarantee, or one whose claim is paid.</summary>
public sealed class CloseGuaranteeHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<ClosureRequest?> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var examiner = ExaminerWrites.Examiner(caller);
        return writes.RunAsync(request.ApplicationId, request.IfMatch,
            ExaminerStep.Of("guarantee.closed", (_, _) => new LifecycleStep([(new Close(), examiner)])), caller, cancellationToken);
    }
}
