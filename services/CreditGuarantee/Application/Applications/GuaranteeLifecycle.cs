using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>
/// What one lifecycle request does to a loaded application: the workflow actions, or a refusal before any of them; and
/// the detail event the change causes (<see cref="Proposal"/>: no action, an approval stored for the countersignature) (the status-changed event of each transition is written by
/// <see cref="ApplicationWorkflow.SaveAsync"/>).
/// </summary>
public sealed record LifecycleStep(
    IReadOnlyList<(WorkflowAction Action, WorkflowActor Actor)> Actions,
    Refusal? Refusal = null,
    Func<ApplicationRow, IReadOnlyList<WorkflowTransition>, IIntegrationEvent?>? Then = null,
    bool Proposal = false)
{
    public static LifecycleStep Refuse(Refusal refusal) => new([], refusal);
}

/// <summary>
/// Runs a guarantee-lifecycle step (repayment, default, claim, claim payment, recovery, fee, withdrawal, closure) on an
/// application loaded in the caller's unit of work: the domain decides, the row is saved against its row version with
/// its history, one status-changed event per transition and the step's detail event go to the outbox, and the change is
/// audited. Nothing is written when the step is refused.
/// </summary>
public static class GuaranteeLifecycle
{
    public static async Task<Refusal?> RunAsync(UnitOfWork unit, ApplicationRow row, GuaranteeConfiguration config, LifecycleStep step,
        ClaimsPrincipal user, string auditAction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (step.Refusal is not null)
        {
            return step.Refusal;
        }

        var before = ApplicationSnapshot.Of(row);
        var (transitions, error) = ApplicationWorkflow.Apply(config.Workflow, row, step.Actions, now);
        if (error is not null)
        {
            return Refusals.Transition(error);
        }

        var cause = step.Then?.Invoke(row, transitions);
        if (!await ApplicationWorkflow.SaveAsync(unit, row, before, transitions, Actor.From(user), auditAction, now, cancellationToken))
        {
            return Refusals.ConcurrentChange(row.Id);
        }

        if (cause is not null)
        {
            await EnqueueAsync(unit, cause, cancellationToken);
        }

        return null;
    }

    private static Task<Guid> EnqueueAsync(UnitOfWork unit, IIntegrationEvent message, CancellationToken cancellationToken) => message switch
    {
        GuaranteeRepaid e => unit.EnqueueAsync(e, cancellationToken),
        GuaranteeDefaulted e => unit.EnqueueAsync(e, cancellationToken),
        GuaranteeClaimFiled e => unit.EnqueueAsync(e, cancellationToken),
        GuaranteeClaimPaid e => unit.EnqueueAsync(e, cancellationToken),
        GuaranteeRecoveryBooked e => unit.EnqueueAsync(e, cancellationToken),
        GuaranteeDecided e => unit.EnqueueAsync(e, cancellationToken),
        _ => throw new InvalidOperationException($"No outbox mapping for {message.GetType().Name}."),
    };
}
