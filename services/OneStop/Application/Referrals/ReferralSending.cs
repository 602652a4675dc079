using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>
/// A referral about to be sent: the case it goes on (locked by the caller), the case's enterprise, the valid request,
/// who sends it (the counter clerk, or the person of another service who asked), and the service that asked, if any.
/// </summary>
public sealed record ReferralDraft(StoredCase Case, Enterprise Enterprise, ValidReferralRequest Request, string SentBy, ReferralOrigin? Origin);

/// <summary>The referral as stored and its case, now referred.</summary>
public sealed record SentOnCase(StoredReferral Referral, StoredCase Case);

/// <summary>
/// Sending a referral, the same whoever asked (counter staff over REST, another service over gRPC): the referral stored as
/// sent, the case moved to Referred through its workflow, ReferralSent and CaseStateChanged to the outbox, both audited,
/// in the caller's unit (the caller commits).
/// </summary>
public static class ReferralSending
{
    public static async Task<DomainResult<SentOnCase>> SendAsync(UnitOfWork unit, ReferralDraft draft, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var stored = draft.Case;
        var sent = ReferralWorkflow.Send(Guid.CreateVersion7(), stored.Case, draft.Request.Target, draft.Request.Note, draft.SentBy, now);
        if (sent.Error is { } sendError)
        {
            return DomainResult.Fail<SentOnCase>(sendError);
        }

        var referred = CaseWorkflow.Apply(stored.Case, new CaseCommand(CaseAction.Refer, draft.SentBy, now, Referral: sent.Value));
        if (referred.Error is { } referError)
        {
            return DomainResult.Fail<SentOnCase>(referError);
        }

        var referral = new StoredReferral(sent.Value!, stored.Case.Ward, draft.Request.LoanRequest, null, null, 1, draft.Origin);
        var after = stored with { Case = referred.Value!, RowVersion = stored.RowVersion + 1 };
        var transition = after.Case.History[^1];
        await ReferralStore.InsertAsync(unit, referral, now, cancellationToken);
        await CaseStore.UpdateAsync(unit, after, now, cancellationToken);
        var r = referral.Referral;
        await unit.EnqueueAsync(new ReferralSent(r.Id, r.CaseId, r.EnterpriseId, draft.Enterprise.Uscc.Trim(), draft.Enterprise.Name, referral.Ward,
            ReferralStore.ToWire(r.Target), r.Note, draft.SentBy, referral.LoanRequest, now, OriginService: draft.Origin?.Service,
            OriginReference: draft.Origin?.Reference), cancellationToken);
        await unit.EnqueueAsync(new CaseStateChanged(after.Case.Id, after.Case.EnterpriseId, after.Case.Ward, after.Case.ProcedureCode,
            transition.Action.ToString(), transition.From.ToString(), transition.To.ToString(), draft.SentBy, transition.Reason, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "referral.sent", "referral", r.Id.ToString(), null, referral), cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "case.refer", "case", stored.Case.Id.ToString(), stored, after), cancellationToken);
        return DomainResult.Ok(new SentOnCase(referral, after));
    }
}
