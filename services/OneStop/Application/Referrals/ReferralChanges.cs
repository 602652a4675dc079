using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>Writes a referral's change onto its case, in the caller's unit: the case's view of the referral, and the return from referral when it closed.</summary>
public static class ReferralChanges
{
    /// <summary>
    /// Records <paramref name="referral"/> on the case (<see cref="CaseWorkflow.RecordReferral"/>), stores the case,
    /// and when the case returned from referral publishes <see cref="CaseStateChanged"/> and audits it. Returns the case
    /// as stored now.
    /// </summary>
    public static async Task<StoredCase> RecordOnCaseAsync(UnitOfWork unit, StoredCase stored, Referral referral, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var recorded = CaseWorkflow.RecordReferral(stored.Case, referral);
        if (recorded.Error is { } error)
        {
            // Only a referral that is not on its case gets here: the tables disagree, which no input can cause.
            throw new InvalidOperationException($"Referral {referral.Id} cannot be recorded on case {stored.Case.Id}: {error.Message}");
        }

        var after = stored with { Case = recorded.Value!, RowVersion = stored.RowVersion + 1 };
        await CaseStore.UpdateAsync(unit, after, now, cancellationToken);
        var action = "case.referral." + referral.State.ToString().ToLowerInvariant();
        if (after.Case.State != stored.Case.State)
        {
            var transition = after.Case.History[^1];
            await unit.EnqueueAsync(new CaseStateChanged(after.Case.Id, after.Case.EnterpriseId, after.Case.Ward, after.Case.ProcedureCode,
                transition.Action.ToString(), transition.From.ToString(), transition.To.ToString(), transition.Actor, transition.Reason, now),
                cancellationToken);
            action = "case." + transition.Action.ToString().ToLowerInvariant();
        }

        await unit.AuditAsync(new AuditEntry(actor, action, "case", stored.Case.Id.ToString(), stored, after), cancellationToken);
        return after;
    }

    /// <summary>
    /// A case that closed (rejected, withdrawn) takes its open referrals with it: each is cancelled with the case's
    /// reason and the receiver told by ReferralCancelled. Returns the case with its view of the referrals updated,
    /// for the caller to store (no new version: it is part of the caller's change).
    /// </summary>
    public static async Task<StoredCase> CancelOpenReferralsAsync(UnitOfWork unit, StoredCase closing, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!closing.Case.IsClosed)
        {
            return closing;
        }

        var @case = closing.Case;
        var reason = $"The case was {@case.State.ToString().ToLowerInvariant()}" + (@case.History[^1].Reason is { } why ? $": {why}" : ".");
        foreach (var open in closing.Case.Referrals.Where(r => ReferralWorkflow.IsOpen(r.State)))
        {
            if (await ReferralStore.LockAsync(unit, open.ReferralId, cancellationToken) is not { } before ||
                ReferralWorkflow.Apply(before.Referral, new ReferralCommand(ReferralAction.Cancel, actor.Id, now, reason)).Value is not { } cancelled)
            {
                continue;
            }

            var after = before with { Referral = cancelled, RowVersion = before.RowVersion + 1 };
            await ReferralStore.UpdateAsync(unit, after, now, cancellationToken);
            await unit.EnqueueAsync(new ReferralCancelled(cancelled.Id, cancelled.CaseId, cancelled.EnterpriseId, ReferralStore.ToWire(cancelled.Target), reason,
                actor.Id, now), cancellationToken);
            await unit.AuditAsync(new AuditEntry(actor, "referral.cancelled", "referral", cancelled.Id.ToString(), before, after), cancellationToken);
            @case = CaseWorkflow.RecordReferral(@case, cancelled).Value ?? @case;
        }

        return closing with { Case = @case };
    }
}
