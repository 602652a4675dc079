namespace SmePlatform.OneStop.Domain;

/// <summary>The services a case can be referred to (DOMAIN.md "One-stop service centre").</summary>
public enum ReferralTarget
{
    CreditGuarantee,
    Diagnosis,
    PartnershipMatching,
}

/// <summary>sent → accepted → in service → outcome recorded; or declined by the receiver; or cancelled by the counter.</summary>
public enum ReferralState
{
    Sent,
    Accepted,
    InService,
    OutcomeRecorded,
    Declined,
    Cancelled,
}

public enum ReferralAction
{
    Accept,
    StartService,
    RecordOutcome,
    Decline,
    Cancel,
}

public enum ReferralResult
{
    Achieved,
    NotAchieved,
}

/// <summary>What the receiving service reports back: whether the need was met, in words, and its own reference (an application id, a diagnosis id).</summary>
public sealed record ReferralOutcome(ReferralResult Result, string Summary, string? ExternalReference = null);

/// <summary>
/// Another service asked for the referral on behalf of one of its people (the referral's sender): which service (from
/// its token, never from the request), what it was started from in that service's terms, and the service's request id.
/// </summary>
public sealed record ReferralOrigin(string Service, string Reference, Guid RequestId);

public sealed record ReferralTransition(ReferralAction Action, ReferralState From, ReferralState To, string Actor, DateTimeOffset At, string? Reason);

public sealed record Referral(
    Guid Id,
    Guid CaseId,
    Guid EnterpriseId,
    ReferralTarget Target,
    string Note,
    ReferralState State,
    DateTimeOffset SentAt,
    string SentBy,
    ReferralOutcome? Outcome,
    string? DeclineOrCancelReason,
    IReadOnlyList<ReferralTransition> History)
{
    public bool IsOpen => ReferralWorkflow.IsOpen(State);

    public DateTimeOffset? AcceptedAt => History.FirstOrDefault(t => t.Action == ReferralAction.Accept)?.At;
}

/// <summary>A command against a referral; <see cref="Outcome"/> only for <see cref="ReferralAction.RecordOutcome"/>.</summary>
public sealed record ReferralCommand(ReferralAction Action, string Actor, DateTimeOffset At, string? Reason = null, ReferralOutcome? Outcome = null);

public static class ReferralWorkflow
{
    private static readonly Dictionary<(ReferralState, ReferralAction), ReferralState> Transitions = new()
    {
        [(ReferralState.Sent, ReferralAction.Accept)] = ReferralState.Accepted,
        [(ReferralState.Sent, ReferralAction.Decline)] = ReferralState.Declined,
        [(ReferralState.Sent, ReferralAction.Cancel)] = ReferralState.Cancelled,
        [(ReferralState.Accepted, ReferralAction.StartService)] = ReferralState.InService,
        [(ReferralState.Accepted, ReferralAction.Cancel)] = ReferralState.Cancelled,
        [(ReferralState.InService, ReferralAction.RecordOutcome)] = ReferralState.OutcomeRecorded,
        [(ReferralState.InService, ReferralAction.Cancel)] = ReferralState.Cancelled,
    };

    public static bool IsOpen(ReferralState state) => state is ReferralState.Sent or ReferralState.Accepted or ReferralState.InService;

    /// <summary>Declining (by the receiver) and cancelling (by the counter) must say why.</summary>
    public static bool NeedsReason(ReferralAction action) => action is ReferralAction.Decline or ReferralAction.Cancel;

    public static IReadOnlyList<ReferralAction> AllowedActions(ReferralState state) =>
        Transitions.Keys.Where(k => k.Item1 == state).Select(k => k.Item2).Order().ToList();

    public static DomainResult<Referral> Send(
        Guid id, Case @case, ReferralTarget target, string? note, string actor, DateTimeOffset at)
    {
        if (!Enum.IsDefined(target))
        {
            return DomainResult.Fail<Referral>(DomainError.Invalid("unknown-referral-target", "target",
                "Refer to credit-guarantee, diagnosis or partnership-matching."));
        }

        if (!CaseWorkflow.AllowedActions(@case.State).Contains(CaseAction.Refer))
        {
            return DomainResult.Fail<Referral>(DomainError.Conflict("case-cannot-refer",
                $"A case that is {@case.State} cannot be referred."));
        }

        if (@case.Referrals.Any(r => r.Target == target && IsOpen(r.State)))
        {
            return DomainResult.Fail<Referral>(DomainError.Conflict("referral-already-open",
                $"The case already has an open referral to {target}; wait for its outcome or cancel it."));
        }

        var referral = new Referral(id, @case.Id, @case.EnterpriseId, target, note?.Trim() ?? string.Empty, ReferralState.Sent, at, actor,
            null, null, []);
        return DomainResult.Ok(referral);
    }

    public static DomainResult<Referral> Apply(Referral referral, ReferralCommand command)
    {
        if (!Transitions.TryGetValue((referral.State, command.Action), out var to))
        {
            return DomainResult.Fail<Referral>(DomainError.Conflict("illegal-referral-transition",
                $"A referral that is {referral.State} cannot take '{command.Action}'; allowed: " +
                $"{(AllowedActions(referral.State) is { Count: > 0 } allowed ? string.Join(", ", allowed) : "nothing, it is closed")}."));
        }

        var reason = command.Reason?.Trim();
        if (NeedsReason(command.Action) && string.IsNullOrEmpty(reason))
        {
            return DomainResult.Fail<Referral>(DomainError.Invalid("reason-required", "reason", $"'{command.Action}' needs a reason."));
        }

        if (command.Action == ReferralAction.RecordOutcome && (command.Outcome is null || string.IsNullOrWhiteSpace(command.Outcome.Summary)))
        {
            return DomainResult.Fail<Referral>(DomainError.Invalid("outcome-required", "outcome", "An outcome needs a result and a summary."));
        }

        if ((referral.History.Count > 0 && command.At < referral.History[^1].At) || command.At < referral.SentAt)
        {
            return DomainResult.Fail<Referral>(DomainError.Invalid("time-before-last-change", "at",
                "The time is before the referral's last change."));
        }

        return DomainResult.Ok(referral with
        {
            State = to,
            Outcome = command.Action == ReferralAction.RecordOutcome ? command.Outcome : referral.Outcome,
            DeclineOrCancelReason = NeedsReason(command.Action) ? reason : referral.DeclineOrCancelReason,
            History = [.. referral.History, new ReferralTransition(command.Action, referral.State, to, command.Actor, command.At, reason)],
        });
    }

    /// <summary>True when nobody accepted the referral within <paramref name="workingDays"/> working days of sending it.</summary>
    public static bool IsAcceptanceOverdue(Referral referral, WorkingDayCalendar calendar, int workingDays, DateTimeOffset now) =>
        referral.State == ReferralState.Sent && calendar.Deadline(referral.SentAt, workingDays).IsOverdue(now);
}
