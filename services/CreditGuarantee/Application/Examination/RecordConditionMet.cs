using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

public sealed record ConditionMetRequest(string? Evidence);

/// <summary>
/// An examiner records a condition as met, with the evidence seen; the guarantee is issued at once when the loan is
/// already disbursed and this was the last unmet condition (<see cref="GuaranteeWorkflow.ApplyAndIssueWhenReady"/>).
/// </summary>
public sealed class RecordConditionMetHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<ConditionMetRequest> request, int number, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        var evidence = request.Body.Evidence;
        if (string.IsNullOrWhiteSpace(evidence) || evidence.Length > DecideApplicationHandler.MaxTextLength)
        {
            return Task.FromResult<Outcome<ExaminerAnswer>>(Refusals.Invalid("evidence",
                $"Required: the evidence seen that the condition is met (at most {DecideApplicationHandler.MaxTextLength} characters)."));
        }

        var examiner = ExaminerWrites.Examiner(caller);
        return writes.RunAsync(request.ApplicationId, request.IfMatch,
            ExaminerStep.Of("application.condition_met", (_, _) => new LifecycleStep([(new MeetCondition(number, evidence), examiner)])),
            caller, cancellationToken);
    }
}
