using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <summary>
/// The second examiner countersigns the approval the examiner proposed (four-eyes): the decision is computed again with
/// today's exposure, under the exposure lock, and recorded as the examiner's, countersigned.
/// </summary>
public sealed class CountersignApprovalHandler(ExaminerWrites writes, ApprovalDecisions approvals, DiagnosisReads diagnoses)
{
    public async Task<Outcome<ExaminerAnswer>> HandleAsync(ExaminerWrite<object?> request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var me = ExaminerWrites.Examiner(caller);
        // Read before the write's transaction, as for the examiner's approval (DecideApplicationHandler).
        var diagnosis = await diagnoses.ForApprovalAsync(request.ApplicationId, cancellationToken);
        return await writes.RunAsync(request.ApplicationId, request.IfMatch, new ExaminerStep("application.countersigned", async (unit, row, config) =>
        {
            var proposal = row.ProposedDecisionRecord;
            if (GuaranteeWorkflow.CheckCountersignature(row.ToDomain(), proposal is not null, me.Id) is { } error)
            {
                return Refusals.Transition(error);
            }

            var examiner = new WorkflowActor(row.Examiner!, ActorRole.Examiner);
            return await approvals.ApproveAsync(unit, row, config, examiner, me.Id, proposal!.Conditions, diagnosis, writes.Now, cancellationToken);
        }, LockExposure: true), caller, cancellationToken);
    }
}
