using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <param name="Reason">Why the file changes hands (kept in its history and the audit trail).</param>
/// <param name="As">examiner (the default) or second_examiner: the place taken over.</param>
public sealed record ReassignmentRequest(string? Reason, string? As);

/// <summary>
/// An examiner takes over a file another examiner holds, saying why. Assignment never does this: it only fills an empty
/// place, so a file cannot change hands by accident (docs/guarantee-rules.md "Examiner API").
/// </summary>
public sealed class ReassignExaminerHandler(ExaminerWrites writes)
{
    public Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<ReassignmentRequest> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body ?? new ReassignmentRequest(null, null);
        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > DecideApplicationHandler.MaxTextLength, "reason",
                $"Required: why the file changes hands (at most {DecideApplicationHandler.MaxTextLength} characters).")
            .AddIf(body.As is not (null or "examiner" or "second_examiner"), "as", "examiner (the default) or second_examiner.");
        if (errors.ToRefusal("The request cannot be accepted as sent.") is { } invalid)
        {
            return Task.FromResult<Outcome<ExaminerAnswer>>(invalid);
        }

        var me = ExaminerWrites.Examiner(caller);
        var action = new ReassignExaminer(me.Id, body.Reason!, Second: body.As == "second_examiner");
        return writes.RunAsync(request.ApplicationId, request.IfMatch,
            ExaminerStep.Of("application.examiner_reassigned", (_, _) => new LifecycleStep([(action, me)])), caller, cancellationToken);
    }
}
