using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <param name="As">examiner (the default) or second_examiner.</param>
public sealed record AssignmentRequest(string? As);

/// <summary>An examiner assigns themselves, as the examiner or (four-eyes) the second examiner.</summary>
public sealed class AssignExaminerHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<AssignmentRequest?> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var role = request.Body?.As ?? "examiner";
        if (role is not ("examiner" or "second_examiner"))
        {
            return Task.FromResult<Outcome<ExaminerAnswer>>(Refusals.Invalid("as", "examiner (the default) or second_examiner."));
        }

        var me = ExaminerWrites.Examiner(caller);
        WorkflowAction action = role == "examiner" ? new AssignExaminer(me.Id) : new AssignSecondExaminer(me.Id);
        return writes.RunAsync(request.ApplicationId, request.IfMatch,
            ExaminerStep.Of("application.examiner_assigned", (_, _) => new LifecycleStep([(action, me)])), caller, cancellationToken);
    }
}
