using SmePlatform.Contracts.Guarantee;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>What the audit trail keeps of an application before and after a change.</summary>
public sealed record ApplicationSnapshot(string State, string? Examiner, string? SecondExaminer, decimal? GuaranteedAmount, string? Outcome,
    bool ProposalPending, int RowVersion, decimal Outstanding = 0m, decimal ClaimFiled = 0m, decimal ClaimPaid = 0m, decimal Recovered = 0m)
{
    public static ApplicationSnapshot Of(ApplicationRow row) =>
        new(row.State, row.Examiner, row.SecondExaminer, row.GuaranteedAmount, row.DecisionRecord?.Outcome, row.ProposedDecision is not null, row.RowVersion,
            row.Outstanding, row.ClaimFiled, row.ClaimPaid, row.Recovered);
}

/// <summary>
/// Runs workflow actions on a stored application and saves the result in the caller's unit of work: the row (checked
/// against its row version), one history row per transition, one status-changed event per transition, an audit row.
/// </summary>
public static class ApplicationWorkflow
{
    public static readonly WorkflowActor System = GuaranteeWorkflow.System;

    /// <summary>
    /// Applies the actions in order, each followed by the automatic issuance when it opens the gate; stops at the first
    /// refusal. The row is changed only when all succeed.
    /// </summary>
    public static (IReadOnlyList<WorkflowTransition> Transitions, TransitionError? Error) Apply(
        WorkflowRules rules, ApplicationRow row, IEnumerable<(WorkflowAction Action, WorkflowActor Actor)> actions, DateTimeOffset at)
    {
        var application = row.ToDomain();
        foreach (var (action, actor) in actions)
        {
            var result = GuaranteeWorkflow.ApplyAndIssueWhenReady(rules, application, action, actor, at);
            if (result.Error is { } error)
            {
                return ([], error);
            }

            application = result.Application!;
        }

        row.CopyFrom(application);
        return (application.History, null);
    }

    /// <summary>The refusal the actions would meet on this row, without changing it; null when all would succeed.</summary>
    public static TransitionError? Check(WorkflowRules rules, ApplicationRow row, IEnumerable<(WorkflowAction Action, WorkflowActor Actor)> actions,
        DateTimeOffset at)
    {
        var application = row.ToDomain();
        foreach (var (action, actor) in actions)
        {
            var result = GuaranteeWorkflow.ApplyAndIssueWhenReady(rules, application, action, actor, at);
            if (result.Error is { } error)
            {
                return error;
            }

            application = result.Application!;
        }

        return null;
    }

    /// <summary>
    /// Saves a changed row; false when someone else changed it first (nothing written then). <paramref name="ownRow"/>: the
    /// row was inserted by this unit (screening at submission), so nobody else can have changed it and all of the save
    /// joins the unit's next batch.
    /// </summary>
    public static async Task<bool> SaveAsync(UnitOfWork unit, ApplicationRow row, ApplicationSnapshot before, IReadOnlyList<WorkflowTransition> transitions,
        Actor actor, string auditAction, DateTimeOffset now, CancellationToken cancellationToken, bool ownRow = false)
    {
        row.UpdatedAt = now;
        if (ownRow)
        {
            ApplicationStore.DeferUpdateOfOwnRow(unit, row);
        }
        else if (!await ApplicationStore.TryUpdateAsync(unit, row, cancellationToken))
        {
            return false;
        }

        await ApplicationStore.InsertHistoryAsync(unit, row.Id, transitions, cancellationToken);
        foreach (var t in transitions)
        {
            if (t.From != t.To)
            {
                await unit.EnqueueAsync(new GuaranteeApplicationStatusChanged(row.Id, row.BankId, row.EnterpriseId, States.ToWire(t.From),
                    States.ToWire(t.To), States.SnakeCase(t.Action.ToString()), t.At), cancellationToken);
            }

            // Every entry of the bank's history is an event for the bank, a disbursement or a repayment that keeps the status too.
            if (ApplicationViews.BankSees(t.Action))
            {
                await BankEventLog.RecordAsync(unit, row, States.ToWire(t.From), States.ToWire(t.To), States.SnakeCase(t.Action.ToString()), t.Note, t.At,
                    cancellationToken);
            }
        }

        await unit.AuditAsync(new AuditEntry(actor, auditAction, "guarantee_application", row.Id.ToString(), before, ApplicationSnapshot.Of(row)),
            cancellationToken);
        // A counter-referred application reports back to its referral in this same transaction.
        await Integration.ReferralReplies.EnqueueAsync(unit, row, before.Examiner, transitions, cancellationToken);
        if (transitions.Any(t => t.Action == WorkflowActionKind.Issue) && row.DisbursementRecord is { } disbursed)
        {
            // The issuance gate opened (GuaranteeWorkflow.ApplyAndIssueWhenReady): whoever's action opened it, the event is the same.
            await unit.EnqueueAsync(new GuaranteeIssued(row.Id, row.BankId, row.EnterpriseId, row.GuaranteedAmount ?? 0, disbursed.Amount, disbursed.On, now),
                cancellationToken);
        }

        return true;
    }

    public static GuaranteeDecided DecidedEvent(ApplicationRow row, DecisionRecord decision) =>
        new(row.Id, row.BankId, row.EnterpriseId, decision.Outcome, decision.GuaranteedAmount, decision.Coverage, decision.Fee, decision.RiskGrade,
            decision.Reasons, decision.DecidedBy, decision.CountersignedBy, decision.ConfigurationId, decision.ConfigurationVersion, decision.DecidedAt);
}
