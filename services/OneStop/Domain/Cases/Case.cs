namespace SmePlatform.OneStop.Domain;

/// <summary>received → in progress → waiting for documents → referred → completed / rejected / withdrawn (DOMAIN.md).</summary>
public enum CaseState
{
    Received,
    InProgress,
    WaitingForDocuments,
    Referred,
    Completed,
    Rejected,
    Withdrawn,
}

public enum CaseAction
{
    Start,
    RequestDocuments,
    ResumeWork,
    Refer,
    ReturnFromReferral,
    Complete,
    Reject,
    Withdraw,
    Reopen,
}

public enum DocumentStatus
{
    Missing,
    Received,
    Waived,
}

/// <summary>A document the procedure asks for (from the service catalogue, per new/renewal).</summary>
public sealed record RequiredDocument(string Code, string Name, bool Required = true);

/// <summary>One line of a case's checklist. A waived document carries its reason and counts as satisfied.</summary>
public sealed record CaseDocument(
    string Code,
    string Name,
    bool Required,
    DocumentStatus Status,
    string? WaiverReason = null,
    string? ChangedBy = null,
    DateTimeOffset? ChangedAt = null)
{
    public bool IsSatisfied => Status is DocumentStatus.Received or DocumentStatus.Waived;
}

/// <summary>A logged transition: who, when, from, to, and the reason when one was given.</summary>
public sealed record CaseTransition(CaseAction Action, CaseState From, CaseState To, string Actor, DateTimeOffset At, string? Reason);

/// <summary>The case's view of one referral, written back from the referral as it moves.</summary>
public sealed record CaseReferral(Guid ReferralId, ReferralTarget Target, ReferralState State, DateTimeOffset SentAt, ReferralOutcome? Outcome);

public sealed record Case(
    Guid Id,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    CaseState State,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    IReadOnlyList<CaseDocument> Documents,
    IReadOnlyList<CaseTransition> History,
    IReadOnlyList<CaseReferral> Referrals)
{
    public bool IsClosed => CaseWorkflow.IsClosed(State);

    public IReadOnlyList<CaseDocument> MissingRequiredDocuments => Documents.Where(d => d.Required && !d.IsSatisfied).ToList();
}

/// <summary>A command against a case; <see cref="Referral"/> is the referral just sent, for <see cref="CaseAction.Refer"/> only.</summary>
public sealed record CaseCommand(CaseAction Action, string Actor, DateTimeOffset At, string? Reason = null, Referral? Referral = null);

public static class CaseWorkflow
{
    private static readonly Dictionary<(CaseState, CaseAction), CaseState> Transitions = new()
    {
        [(CaseState.Received, CaseAction.Start)] = CaseState.InProgress,
        [(CaseState.Received, CaseAction.RequestDocuments)] = CaseState.WaitingForDocuments,
        [(CaseState.Received, CaseAction.Refer)] = CaseState.Referred,
        [(CaseState.Received, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.Received, CaseAction.Withdraw)] = CaseState.Withdrawn,

        [(CaseState.InProgress, CaseAction.RequestDocuments)] = CaseState.WaitingForDocuments,
        [(CaseState.InProgress, CaseAction.Refer)] = CaseState.Referred,
        [(CaseState.InProgress, CaseAction.Complete)] = CaseState.Completed,
        [(CaseState.InProgress, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.InProgress, CaseAction.Withdraw)] = CaseState.Withdrawn,

        [(CaseState.WaitingForDocuments, CaseAction.ResumeWork)] = CaseState.InProgress,
        [(CaseState.WaitingForDocuments, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.WaitingForDocuments, CaseAction.Withdraw)] = CaseState.Withdrawn,

        // A referred case can be referred again (to another service) while the first referral runs.
        [(CaseState.Referred, CaseAction.Refer)] = CaseState.Referred,
        [(CaseState.Referred, CaseAction.ReturnFromReferral)] = CaseState.InProgress,
        [(CaseState.Referred, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.Referred, CaseAction.Withdraw)] = CaseState.Withdrawn,

        [(CaseState.Completed, CaseAction.Reopen)] = CaseState.InProgress,
        [(CaseState.Rejected, CaseAction.Reopen)] = CaseState.InProgress,
    };

    public static bool IsClosed(CaseState state) => state is CaseState.Completed or CaseState.Rejected or CaseState.Withdrawn;

    /// <summary>Rejecting, withdrawing and reopening must say why; the reason is logged with the transition.</summary>
    public static bool NeedsReason(CaseAction action) => action is CaseAction.Reject or CaseAction.Withdraw or CaseAction.Reopen;

    public static IReadOnlyList<CaseAction> AllowedActions(CaseState state) =>
        Transitions.Keys.Where(k => k.Item1 == state).Select(k => k.Item2).Order().ToList();

    /// <summary>
    /// What this case may do now: the state's actions that its own guards (<see cref="Apply"/>) then accept. Not
    /// completed while a required document is missing, not waiting when none is, not back from referral while one is
    /// open, not referred again when every service already has an open referral. A reason, where one is needed, is the
    /// request's to give.
    /// </summary>
    public static IReadOnlyList<CaseAction> AllowedActions(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var missing = @case.MissingRequiredDocuments.Count > 0;
        var openReferral = @case.Referrals.Any(r => ReferralWorkflow.IsOpen(r.State));
        return [.. AllowedActions(@case.State).Where(action => action switch
        {
            CaseAction.Complete => !missing,
            CaseAction.RequestDocuments => missing,
            CaseAction.ReturnFromReferral => !openReferral,
            CaseAction.Refer => Enum.GetValues<ReferralTarget>().Any(t => !@case.Referrals.Any(r => r.Target == t && ReferralWorkflow.IsOpen(r.State))),
            _ => true,
        })];
    }

    /// <summary>Opens a case in Received with every document of the procedure's checklist missing.</summary>
    public static Case Open(
        Guid id, Guid enterpriseId, string ward, string procedureCode, IEnumerable<RequiredDocument> checklist, string actor, DateTimeOffset at) =>
        new(id, enterpriseId, ward, procedureCode, CaseState.Received, at, actor,
            checklist.Select(d => new CaseDocument(d.Code, d.Name, d.Required, DocumentStatus.Missing)).ToList(), [], []);

    /// <summary>
    /// Applies one action with its guards: the transition must exist; a withdrawn case is never reopened (open a new
    /// one); reject, withdraw and reopen need a reason; a case cannot complete while a required document is missing
    /// (waived counts as there); waiting for documents needs a missing required document; refer needs the sent
    /// referral; return from referral needs every referral closed. Open referrals of a rejected or withdrawn case are
    /// the caller's to cancel (<see cref="ReferralAction.Cancel"/>).
    /// </summary>
    public static DomainResult<Case> Apply(Case @case, CaseCommand command)
    {
        if (@case.State == CaseState.Withdrawn && command.Action == CaseAction.Reopen)
        {
            return DomainResult.Fail<Case>(DomainError.Conflict("withdrawn-cannot-reopen",
                "A withdrawn case cannot be reopened; open a new case for the enterprise."));
        }

        if (!Transitions.TryGetValue((@case.State, command.Action), out var to))
        {
            var allowed = AllowedActions(@case.State);
            return DomainResult.Fail<Case>(DomainError.Conflict("illegal-case-transition",
                $"A case that is {@case.State} cannot take '{command.Action}'; allowed: " +
                $"{(allowed.Count > 0 ? string.Join(", ", allowed) : "nothing, it is closed")}."));
        }

        var reason = command.Reason?.Trim();
        if (NeedsReason(command.Action) && string.IsNullOrEmpty(reason))
        {
            return DomainResult.Fail<Case>(DomainError.Invalid("reason-required", "reason", $"'{command.Action}' needs a reason."));
        }

        if (command.At < LastChange(@case))
        {
            return DomainResult.Fail<Case>(DomainError.Invalid("time-before-last-change", "at", "The time is before the case's last change."));
        }

        var missing = @case.MissingRequiredDocuments;
        var referrals = @case.Referrals;
        switch (command.Action)
        {
            case CaseAction.Complete when missing.Count > 0:
                return DomainResult.Fail<Case>(DomainError.Conflict("documents-missing",
                    $"The case cannot be completed while required documents are missing: {string.Join(", ", missing.Select(d => d.Name))}. " +
                    "Receive them or waive them with a reason."));
            case CaseAction.RequestDocuments when missing.Count == 0:
                return DomainResult.Fail<Case>(DomainError.Conflict("no-documents-missing",
                    "Every required document is received or waived; there is nothing to wait for."));
            case CaseAction.ReturnFromReferral when referrals.Any(r => ReferralWorkflow.IsOpen(r.State)):
                return DomainResult.Fail<Case>(DomainError.Conflict("referral-open",
                    "A referral is still open; wait for its outcome or cancel it first."));
            case CaseAction.Refer:
                if (command.Referral is not { } referral || referral.CaseId != @case.Id || referral.State != ReferralState.Sent)
                {
                    return DomainResult.Fail<Case>(DomainError.Invalid("referral-required", "referral",
                        "Referring needs the referral just sent for this case."));
                }

                if (referrals.Any(r => r.ReferralId == referral.Id))
                {
                    return DomainResult.Fail<Case>(DomainError.Conflict("referral-already-recorded", "This referral is already on the case."));
                }

                reason ??= $"Referred to {referral.Target}";
                referrals = [.. referrals, new CaseReferral(referral.Id, referral.Target, referral.State, referral.SentAt, null)];
                break;
        }

        return DomainResult.Ok(@case with
        {
            State = to,
            Referrals = referrals,
            History = [.. @case.History, new CaseTransition(command.Action, @case.State, to, command.Actor, command.At, reason)],
        });
    }

    /// <summary>
    /// Writes a referral's progress back onto its case. When the referral closes (outcome, declined, cancelled), the
    /// case is referred and no other referral is open, the case returns to in progress, logged with the outcome.
    /// </summary>
    public static DomainResult<Case> RecordReferral(Case @case, Referral referral)
    {
        var index = -1;
        for (var i = 0; i < @case.Referrals.Count; i++)
        {
            if (@case.Referrals[i].ReferralId == referral.Id)
            {
                index = i;
            }
        }

        if (referral.CaseId != @case.Id || index < 0)
        {
            return DomainResult.Fail<Case>(DomainError.Invalid("referral-not-on-case", "referralId", "The referral does not belong to this case."));
        }

        var referrals = @case.Referrals.ToList();
        referrals[index] = referrals[index] with { State = referral.State, Outcome = referral.Outcome };
        var updated = @case with { Referrals = referrals };

        if (ReferralWorkflow.IsOpen(referral.State) || @case.State != CaseState.Referred || referrals.Any(r => ReferralWorkflow.IsOpen(r.State)))
        {
            return DomainResult.Ok(updated);
        }

        var last = referral.History.Count > 0 ? referral.History[^1] : null;
        var at = last?.At ?? referral.SentAt;
        if (at < LastChange(updated))
        {
            at = LastChange(updated);
        }

        var reason = referral.State switch
        {
            ReferralState.OutcomeRecorded => $"Referral to {referral.Target}: {referral.Outcome!.Result} — {referral.Outcome.Summary}",
            _ => $"Referral to {referral.Target} {referral.State.ToString().ToLowerInvariant()}: {referral.DeclineOrCancelReason}",
        };
        return Apply(updated, new CaseCommand(CaseAction.ReturnFromReferral, $"referral:{referral.Target}", at, reason));
    }

    public static DomainResult<Case> ReceiveDocument(Case @case, string documentCode, string actor, DateTimeOffset at) =>
        ChangeDocument(@case, documentCode, d => d with { Status = DocumentStatus.Received, WaiverReason = null, ChangedBy = actor, ChangedAt = at });

    /// <summary>A document that turned out unusable goes back to missing.</summary>
    public static DomainResult<Case> MarkDocumentMissing(Case @case, string documentCode, string actor, DateTimeOffset at) =>
        ChangeDocument(@case, documentCode, d => d with { Status = DocumentStatus.Missing, WaiverReason = null, ChangedBy = actor, ChangedAt = at });

    public static DomainResult<Case> WaiveDocument(Case @case, string documentCode, string? reason, string actor, DateTimeOffset at) =>
        string.IsNullOrWhiteSpace(reason)
            ? DomainResult.Fail<Case>(DomainError.Invalid("reason-required", "reason", "Waiving a document needs a reason."))
            : ChangeDocument(@case, documentCode, d => d with { Status = DocumentStatus.Waived, WaiverReason = reason.Trim(), ChangedBy = actor, ChangedAt = at });

    private static DomainResult<Case> ChangeDocument(Case @case, string documentCode, Func<CaseDocument, CaseDocument> change)
    {
        if (@case.IsClosed)
        {
            return DomainResult.Fail<Case>(DomainError.Conflict("case-closed", $"The case is {@case.State}; its checklist no longer changes."));
        }

        var index = -1;
        for (var i = 0; i < @case.Documents.Count; i++)
        {
            if (string.Equals(@case.Documents[i].Code, documentCode?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return DomainResult.Fail<Case>(DomainError.Invalid("unknown-document", "documentCode",
                $"'{documentCode}' is not on this case's checklist; it has: {string.Join(", ", @case.Documents.Select(d => d.Code))}."));
        }

        var documents = @case.Documents.ToList();
        documents[index] = change(documents[index]);
        return DomainResult.Ok(@case with { Documents = documents });
    }

    private static DateTimeOffset LastChange(Case @case) => @case.History.Count > 0 ? @case.History[^1].At : @case.OpenedAt;
}
