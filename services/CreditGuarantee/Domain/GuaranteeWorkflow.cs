namespace SmePlatform.CreditGuarantee.Domain;

public enum ApplicationState
{
    Submitted,
    Screening,
    UnderExamination,
    MoreInformationRequested,
    Approved,
    ApprovedWithConditions,
    Declined,

    /// <summary>The bank withdrew the application before issuance (not in issue 5's list; every lending workflow needs it).</summary>
    Withdrawn,
    Issued,
    Active,
    Repaid,
    Defaulted,
    ClaimFiled,
    ClaimPaid,
    RecoveriesBooked,
    Closed,
}

public enum WorkflowActionKind
{
    StartScreening,
    CompleteScreening,
    AssignExaminer,
    AssignSecondExaminer,
    RequestInformation,
    AnswerInformation,
    Approve,
    ApproveWithConditions,
    Decline,
    Withdraw,
    MeetCondition,
    ReportDisbursement,
    Issue,
    ConfirmFeePaid,
    ReportRepayment,
    DeclareDefault,
    FileClaim,
    PayClaim,
    BookRecovery,
    Close,
}

public enum ActorRole
{
    System,
    Examiner,
    Bank,
    FundAdministrator,
}

/// <summary>Who acts: an examiner's or bank's id, with the role the service authenticated.</summary>
public sealed record WorkflowActor(string Id, ActorRole Role);

/// <summary>An action on an application; each subtype carries what its rules need.</summary>
public abstract record WorkflowAction
{
    public abstract WorkflowActionKind Kind { get; }
}

public sealed record StartScreening : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.StartScreening;
}

/// <summary>The screening outcome: passed → under examination; failed → declined with the failed rules' codes.</summary>
public sealed record CompleteScreening(bool Passed, IReadOnlyList<string> FailedCodes) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.CompleteScreening;
}

public sealed record AssignExaminer(string ExaminerId) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.AssignExaminer;
}

public sealed record AssignSecondExaminer(string ExaminerId) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.AssignSecondExaminer;
}

public sealed record RequestInformation(string Question) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.RequestInformation;
}

public sealed record AnswerInformation(string Answer) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.AnswerInformation;
}

/// <summary>Approval by the assigned examiner; above the threshold countersigned by the (different) second examiner.</summary>
public sealed record Approve(decimal GuaranteedAmount, string? CountersignedBy) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.Approve;
}

public sealed record ApproveWithConditions(decimal GuaranteedAmount, IReadOnlyList<string> Conditions, string? CountersignedBy) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.ApproveWithConditions;
}

public sealed record Decline(string Reason) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.Decline;
}

public sealed record Withdraw(string Reason) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.Withdraw;
}

/// <summary>An examiner records that condition number <see cref="Number"/> (1-based) is met, with the evidence seen.</summary>
public sealed record MeetCondition(int Number, string Evidence) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.MeetCondition;
}

public sealed record ReportDisbursement(decimal Amount, DateOnly On) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.ReportDisbursement;
}

public sealed record Issue : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.Issue;
}

/// <summary>The guarantee takes effect when its fee is received: issued → active.</summary>
public sealed record ConfirmFeePaid(decimal Amount) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.ConfirmFeePaid;
}

/// <summary>A repayment of principal (received on <see cref="On"/> when the bank says); the loan is repaid when nothing is outstanding.</summary>
public sealed record ReportRepayment(decimal Amount, DateOnly? On = null) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.ReportRepayment;
}

/// <summary>The bank reports a default; <see cref="Outstanding"/>, when given, is the principal outstanding at default (at most what is outstanding now).</summary>
public sealed record DeclareDefault(int DaysPastDue, decimal? Outstanding = null) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.DeclareDefault;
}

public sealed record FileClaim(decimal Amount) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.FileClaim;
}

/// <summary>The fund pays the claim and takes over the bank's rights against the borrower (subrogation).</summary>
public sealed record PayClaim(decimal Amount) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.PayClaim;
}

public sealed record BookRecovery(decimal Amount, DateOnly? On = null) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.BookRecovery;
}

public sealed record Close : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.Close;
}

public sealed record GuaranteeCondition(int Number, string Text, bool Met, string? MetBy, string? Evidence);

public sealed record Disbursement(decimal Amount, DateOnly On);

/// <summary>One audited transition: from, to, what, who, when, and a note (reason, question, answer, amount).</summary>
public sealed record WorkflowTransition(ApplicationState From, ApplicationState To, WorkflowActionKind Action, string ActorId, ActorRole Role, DateTimeOffset At, string Note);

/// <summary>Why an action was refused: a stable <see cref="Code"/>, the state it was in, the state it would have gone to, and words.</summary>
public sealed record TransitionError(ApplicationState From, ApplicationState? To, WorkflowActionKind Action, string Code, string Message);

public sealed record WorkflowResult(GuaranteeApplication? Application, TransitionError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// The state of one application and its guarantee. Immutable: <see cref="GuaranteeWorkflow.Apply"/> returns the next
/// state or an error, never changes this one.
/// </summary>
public sealed record GuaranteeApplication(
    Guid Id,
    string BankId,
    string BankApplicationKey,
    decimal LoanAmount,
    ApplicationState State,
    string? Examiner,
    string? SecondExaminer,
    decimal? GuaranteedAmount,
    IReadOnlyList<GuaranteeCondition> Conditions,
    Disbursement? Disbursement,
    decimal Outstanding,
    decimal ClaimFiled,
    decimal ClaimPaid,
    decimal Recovered,
    IReadOnlyList<WorkflowTransition> History)
{
    public static GuaranteeApplication Submit(Guid id, string bankId, string bankApplicationKey, decimal loanAmount) =>
        new(id, bankId, bankApplicationKey, loanAmount, ApplicationState.Submitted, null, null, null, [], null, 0m, 0m, 0m, 0m, []);

    public bool AllConditionsMet => Conditions.All(c => c.Met);
}

/// <summary>
/// The application/guarantee state machine. <see cref="Transitions"/> is the one table of what may happen in which
/// state (and to which states it may lead); <see cref="Roles"/> says who may do it; <see cref="Apply"/> checks the
/// table, the role, then the action's own guards (four-eyes, the issuance gate, the default trigger, amounts).
/// </summary>
public static class GuaranteeWorkflow
{
    private static readonly ApplicationState[] PreIssuance =
    [
        ApplicationState.Submitted, ApplicationState.Screening, ApplicationState.UnderExamination,
        ApplicationState.MoreInformationRequested, ApplicationState.Approved, ApplicationState.ApprovedWithConditions,
    ];

    public static readonly IReadOnlyDictionary<(ApplicationState State, WorkflowActionKind Action), IReadOnlySet<ApplicationState>> Transitions =
        BuildTransitions();

    public static readonly IReadOnlyDictionary<WorkflowActionKind, IReadOnlySet<ActorRole>> Roles = new Dictionary<WorkflowActionKind, IReadOnlySet<ActorRole>>
    {
        [WorkflowActionKind.StartScreening] = Set(ActorRole.System),
        [WorkflowActionKind.CompleteScreening] = Set(ActorRole.System),
        [WorkflowActionKind.AssignExaminer] = Set(ActorRole.Examiner, ActorRole.FundAdministrator),
        [WorkflowActionKind.AssignSecondExaminer] = Set(ActorRole.Examiner, ActorRole.FundAdministrator),
        [WorkflowActionKind.RequestInformation] = Set(ActorRole.Examiner),
        [WorkflowActionKind.AnswerInformation] = Set(ActorRole.Bank),
        [WorkflowActionKind.Approve] = Set(ActorRole.Examiner),
        [WorkflowActionKind.ApproveWithConditions] = Set(ActorRole.Examiner),
        [WorkflowActionKind.Decline] = Set(ActorRole.Examiner),
        [WorkflowActionKind.Withdraw] = Set(ActorRole.Bank),
        [WorkflowActionKind.MeetCondition] = Set(ActorRole.Examiner),
        [WorkflowActionKind.ReportDisbursement] = Set(ActorRole.Bank),
        [WorkflowActionKind.Issue] = Set(ActorRole.Examiner, ActorRole.System),
        [WorkflowActionKind.ConfirmFeePaid] = Set(ActorRole.System, ActorRole.Examiner, ActorRole.FundAdministrator),
        [WorkflowActionKind.ReportRepayment] = Set(ActorRole.Bank),
        [WorkflowActionKind.DeclareDefault] = Set(ActorRole.Bank),
        [WorkflowActionKind.FileClaim] = Set(ActorRole.Bank),
        [WorkflowActionKind.PayClaim] = Set(ActorRole.Examiner),
        // The bank still collects from the borrower after subrogation and passes recoveries on to the fund.
        [WorkflowActionKind.BookRecovery] = Set(ActorRole.Examiner, ActorRole.FundAdministrator, ActorRole.Bank),
        [WorkflowActionKind.Close] = Set(ActorRole.Examiner, ActorRole.System),
    };

    public static IReadOnlyList<WorkflowActionKind> AllowedActions(ApplicationState state) =>
        [.. Enum.GetValues<WorkflowActionKind>().Where(a => Transitions.ContainsKey((state, a)))];

    public static bool NeedsSecondExaminer(WorkflowRules rules, GuaranteeApplication application) =>
        application.LoanAmount > rules.SecondExaminerAboveLoanAmount;

    public static WorkflowResult Apply(WorkflowRules rules, GuaranteeApplication application, WorkflowAction action, WorkflowActor actor, DateTimeOffset at)
    {
        var from = application.State;
        var to = TargetOf(application, action);
        if (!Transitions.TryGetValue((from, action.Kind), out var targets))
        {
            var allowed = AllowedActions(from);
            return Fail(application, action, to == from ? null : to, "transition.not_allowed",
                $"{action.Kind} is not allowed while the application is {Words(from)}"
                + (to == from ? "" : $" (it would move it to {Words(to)})")
                + (allowed.Count == 0 ? "; nothing more can happen to it." : $"; allowed now: {string.Join(", ", allowed)}."));
        }

        if (!targets.Contains(to))
        {
            throw new InvalidOperationException($"The transition table does not list {from} → {to} for {action.Kind}.");
        }

        if (!Roles[action.Kind].Contains(actor.Role))
        {
            return Fail(application, action, to, "transition.role_not_allowed",
                $"A {actor.Role} cannot {action.Kind}; it is done by: {string.Join(", ", Roles[action.Kind])}.");
        }

        var guarded = Guard(rules, application, action, actor);
        if (guarded.Error is { } error)
        {
            return Fail(application, action, to, error.Code, error.Message);
        }

        var next = guarded.Next! with { State = to };
        next = next with { History = [.. application.History, new WorkflowTransition(from, to, action.Kind, actor.Id, actor.Role, at, guarded.Note)] };
        return new WorkflowResult(next, null);
    }

    /// <summary>The state an action leads to from this application (itself for actions that do not change the state).</summary>
    public static ApplicationState TargetOf(GuaranteeApplication application, WorkflowAction action) => action switch
    {
        StartScreening => ApplicationState.Screening,
        CompleteScreening c => c.Passed ? ApplicationState.UnderExamination : ApplicationState.Declined,
        RequestInformation => ApplicationState.MoreInformationRequested,
        AnswerInformation => ApplicationState.UnderExamination,
        Approve => ApplicationState.Approved,
        ApproveWithConditions => ApplicationState.ApprovedWithConditions,
        Decline => ApplicationState.Declined,
        Withdraw => ApplicationState.Withdrawn,
        Issue => ApplicationState.Issued,
        ConfirmFeePaid => ApplicationState.Active,
        ReportRepayment r => application.State == ApplicationState.Active && r.Amount > 0 && r.Amount == application.Outstanding
            ? ApplicationState.Repaid
            : application.State,
        DeclareDefault => ApplicationState.Defaulted,
        FileClaim => ApplicationState.ClaimFiled,
        PayClaim => ApplicationState.ClaimPaid,
        BookRecovery => ApplicationState.RecoveriesBooked,
        Close => ApplicationState.Closed,
        _ => application.State,
    };

    public static string Words(ApplicationState state) => state switch
    {
        ApplicationState.UnderExamination => "under examination",
        ApplicationState.MoreInformationRequested => "waiting for more information from the bank",
        ApplicationState.ApprovedWithConditions => "approved with conditions",
        ApplicationState.ClaimFiled => "claim filed",
        ApplicationState.ClaimPaid => "claim paid",
        ApplicationState.RecoveriesBooked => "recoveries booked",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Guard(
        WorkflowRules rules, GuaranteeApplication app, WorkflowAction action, WorkflowActor actor)
    {
        switch (action)
        {
            case StartScreening:
                return Ok(app, "Automatic screening started.");
            case CompleteScreening c:
                return c.Passed
                    ? Ok(app, "Screening passed.")
                    : c.FailedCodes.Count == 0
                        ? Err("screening.failure_unnamed", "A failed screening must name the rules that failed.")
                        : Ok(app, "Screening failed: " + string.Join(", ", c.FailedCodes));
            case AssignExaminer a:
                if (string.IsNullOrWhiteSpace(a.ExaminerId))
                {
                    return Err("examiner.missing", "Name the examiner to assign.");
                }

                return a.ExaminerId == app.SecondExaminer
                    ? Err("four_eyes.same_person", $"{a.ExaminerId} is already the second examiner; the two examiners must be different people.")
                    : Ok(app with { Examiner = a.ExaminerId }, $"Examiner {a.ExaminerId} assigned.");
            case AssignSecondExaminer s:
                if (!NeedsSecondExaminer(rules, app))
                {
                    return Err("four_eyes.not_needed", $"A second examiner is needed only for loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)}.");
                }

                if (string.IsNullOrWhiteSpace(s.ExaminerId))
                {
                    return Err("examiner.missing", "Name the second examiner.");
                }

                return s.ExaminerId == app.Examiner
                    ? Err("four_eyes.same_person", $"{s.ExaminerId} is already the examiner; the second examiner must be a different person.")
                    : Ok(app with { SecondExaminer = s.ExaminerId }, $"Second examiner {s.ExaminerId} assigned.");
            case RequestInformation r:
                if (actor.Id != app.Examiner && actor.Id != app.SecondExaminer)
                {
                    return Err("examiner.not_assigned", $"{actor.Id} is not an examiner of this application.");
                }

                return string.IsNullOrWhiteSpace(r.Question)
                    ? Err("information.question_missing", "Say what information is needed.")
                    : Ok(app, r.Question.Trim());
            case AnswerInformation a:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the bank that submitted the application can answer.");
                }

                return string.IsNullOrWhiteSpace(a.Answer) ? Err("information.answer_missing", "The answer is empty.") : Ok(app, a.Answer.Trim());
            case Approve a:
                return Approval(rules, app, actor, a.GuaranteedAmount, a.CountersignedBy, []);
            case ApproveWithConditions a:
                if (a.Conditions.Count == 0 || a.Conditions.Any(string.IsNullOrWhiteSpace))
                {
                    return Err("conditions.missing", "An approval with conditions lists at least one condition, none empty.");
                }

                return Approval(rules, app, actor, a.GuaranteedAmount, a.CountersignedBy, a.Conditions);
            case Decline d:
                if (actor.Id != app.Examiner)
                {
                    return Err("examiner.not_assigned", $"Only the assigned examiner ({app.Examiner ?? "none yet"}) can decline.");
                }

                return string.IsNullOrWhiteSpace(d.Reason) ? Err("decline.reason_missing", "A decline states its reason.") : Ok(app, d.Reason.Trim());
            case Withdraw w:
                return actor.Id != app.BankId
                    ? Err("bank.not_owner", "Only the bank that submitted the application can withdraw it.")
                    : Ok(app, string.IsNullOrWhiteSpace(w.Reason) ? "Withdrawn by the bank." : w.Reason.Trim());
            case MeetCondition m:
                if (m.Number < 1 || m.Number > app.Conditions.Count)
                {
                    return Err("conditions.unknown", $"There is no condition {m.Number}; the conditions are 1 to {app.Conditions.Count}.");
                }

                if (app.Conditions[m.Number - 1].Met)
                {
                    return Err("conditions.already_met", $"Condition {m.Number} is already met.");
                }

                if (string.IsNullOrWhiteSpace(m.Evidence))
                {
                    return Err("conditions.evidence_missing", "Record the evidence that the condition is met.");
                }

                var conditions = app.Conditions.Select(c => c.Number == m.Number ? c with { Met = true, MetBy = actor.Id, Evidence = m.Evidence.Trim() } : c).ToList();
                return Ok(app with { Conditions = conditions }, $"Condition {m.Number} met: {m.Evidence.Trim()}");
            case ReportDisbursement d:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports its disbursement.");
                }

                if (app.Disbursement is not null)
                {
                    return Err("disbursement.already_reported", "The disbursement is already reported.");
                }

                return d.Amount <= 0 || d.Amount > app.LoanAmount || !Money.HasAtMostTwoDecimals(d.Amount)
                    ? Err("disbursement.amount", $"The disbursed amount must be above zero and at most the approved loan of {Money.Format(app.LoanAmount)}, in fen.")
                    : Ok(app with { Disbursement = new Disbursement(d.Amount, d.On), Outstanding = d.Amount }, $"Disbursed {Money.FormatFen(d.Amount)} on {d.On:yyyy-MM-dd}.");
            case Issue:
                // The hard gate: a guarantee is never issued on a loan not yet disbursed or with a condition unmet.
                var unmet = app.Conditions.Where(c => !c.Met).Select(c => c.Number).ToList();
                if (app.Disbursement is null && unmet.Count > 0)
                {
                    return Err("issue.not_ready", $"Cannot issue: the bank has not reported disbursement, and condition(s) {string.Join(", ", unmet)} are not met.");
                }

                if (app.Disbursement is null)
                {
                    return Err("issue.disbursement_missing", "Cannot issue: the bank has not reported disbursement.");
                }

                return unmet.Count > 0
                    ? Err("issue.conditions_unmet", $"Cannot issue: condition(s) {string.Join(", ", unmet)} are not met.")
                    : Ok(app, $"Guarantee of {Money.FormatFen(app.GuaranteedAmount!.Value)} issued on a disbursement of {Money.FormatFen(app.Disbursement.Amount)}.");
            case ConfirmFeePaid f:
                return f.Amount <= 0 ? Err("fee.amount", "The fee received must be above zero.") : Ok(app, $"Fee of {Money.FormatFen(f.Amount)} received.");
            case ReportRepayment r:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports repayments.");
                }

                return r.Amount <= 0 || r.Amount > app.Outstanding || !Money.HasAtMostTwoDecimals(r.Amount)
                    ? Err("repayment.amount", $"A repayment is above zero and at most the {Money.FormatFen(app.Outstanding)} outstanding, in fen.")
                    : Ok(app with { Outstanding = app.Outstanding - r.Amount },
                        $"Repaid {Money.FormatFen(r.Amount)}{(r.On is { } paidOn ? $" on {paidOn:yyyy-MM-dd}" : "")}; {Money.FormatFen(app.Outstanding - r.Amount)} outstanding.");
            case DeclareDefault d:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports a default.");
                }

                if (d.DaysPastDue < rules.DefaultTriggerDaysPastDue)
                {
                    return Err("default.below_trigger", $"{d.DaysPastDue} days past due is not a default; the trigger is {rules.DefaultTriggerDaysPastDue} days or more.");
                }

                if (d.Outstanding is { } atDefault && (atDefault <= 0 || atDefault > app.Outstanding || !Money.HasAtMostTwoDecimals(atDefault)))
                {
                    return Err("default.outstanding", $"The outstanding at default is above zero and at most the {Money.FormatFen(app.Outstanding)} outstanding, in fen.");
                }

                var outstanding = d.Outstanding ?? app.Outstanding;
                return Ok(app with { Outstanding = outstanding },
                    $"Defaulted: {d.DaysPastDue} days past due (trigger {rules.DefaultTriggerDaysPastDue}); {Money.FormatFen(outstanding)} outstanding.");
            case FileClaim c:
                if (actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank files a claim.");
                }

                // Loss sharing pro rata: the fund pays its coverage share of what is outstanding at default, never more
                // than the guaranteed amount; the bank keeps the rest (DOMAIN.md: "80% partial, the bank keeps 20%").
                var guaranteed = app.GuaranteedAmount ?? 0m;
                var coverage = app.LoanAmount > 0 ? guaranteed / app.LoanAmount : 0m;
                var claimable = Math.Min(guaranteed, Money.TruncateToFen(app.Outstanding * coverage));
                return c.Amount <= 0 || c.Amount > claimable
                    ? Err("claim.amount", $"A claim is above zero and at most {Money.FormatFen(claimable)}: the guarantee covers " +
                        $"{Money.Percent(coverage)} of the {Money.FormatFen(app.Outstanding)} outstanding at default, up to the " +
                        $"{Money.FormatFen(guaranteed)} guaranteed; the bank keeps the rest of the loss.")
                    : Ok(app with { ClaimFiled = c.Amount }, $"Claim of {Money.FormatFen(c.Amount)} filed.");
            case PayClaim p:
                return p.Amount <= 0 || p.Amount > app.ClaimFiled
                    ? Err("claim.payment_amount", $"The payment is above zero and at most the {Money.FormatFen(app.ClaimFiled)} claimed.")
                    : Ok(app with { ClaimPaid = p.Amount }, $"Claim paid: {Money.FormatFen(p.Amount)}; the fund is subrogated to the bank's rights for it.");
            case BookRecovery b:
                if (actor.Role == ActorRole.Bank && actor.Id != app.BankId)
                {
                    return Err("bank.not_owner", "Only the lending bank reports recoveries on its loan.");
                }

                return b.Amount <= 0 || app.Recovered + b.Amount > app.ClaimPaid
                    ? Err("recovery.amount", $"A recovery is above zero and recoveries in total at most the {Money.FormatFen(app.ClaimPaid)} paid ({Money.FormatFen(app.Recovered)} booked so far).")
                    : Ok(app with { Recovered = app.Recovered + b.Amount },
                        $"Recovered {Money.FormatFen(b.Amount)}{(b.On is { } receivedOn ? $" on {receivedOn:yyyy-MM-dd}" : "")}; {Money.FormatFen(app.Recovered + b.Amount)} in total.");
            case Close:
                return Ok(app, app.State switch
                {
                    ApplicationState.Repaid => "Closed: repaid.",
                    _ => $"Closed: net loss {Money.FormatFen(app.ClaimPaid - app.Recovered)}.",
                });
            default:
                return Err("action.unknown", $"Unknown action {action.GetType().Name}.");
        }
    }

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Approval(
        WorkflowRules rules, GuaranteeApplication app, WorkflowActor actor, decimal guaranteedAmount, string? countersignedBy, IReadOnlyList<string> conditions)
    {
        if (app.Examiner is null)
        {
            return Err("examiner.not_assigned", "Assign an examiner before deciding.");
        }

        if (actor.Id != app.Examiner)
        {
            return Err("examiner.not_assigned", $"Only the assigned examiner ({app.Examiner}) can approve.");
        }

        if (NeedsSecondExaminer(rules, app))
        {
            if (app.SecondExaminer is null)
            {
                return Err("four_eyes.second_examiner_missing", $"Loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)} need a second examiner; assign one.");
            }

            if (countersignedBy != app.SecondExaminer || countersignedBy == actor.Id)
            {
                return Err("four_eyes.countersignature", $"Loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)} are countersigned by the second examiner ({app.SecondExaminer}), not by the approving examiner.");
            }
        }

        if (guaranteedAmount <= 0 || guaranteedAmount > app.LoanAmount || !Money.HasAtMostTwoDecimals(guaranteedAmount))
        {
            return Err("approval.guaranteed_amount", $"The guaranteed amount is above zero and at most the loan of {Money.Format(app.LoanAmount)}, in fen.");
        }

        var numbered = conditions.Select((text, i) => new GuaranteeCondition(i + 1, text.Trim(), false, null, null)).ToList();
        var note = $"Approved: {Money.FormatFen(guaranteedAmount)} guaranteed"
            + (countersignedBy is null ? "" : $", countersigned by {countersignedBy}")
            + (numbered.Count == 0 ? "." : $", on {numbered.Count} condition(s).");
        return Ok(app with { GuaranteedAmount = guaranteedAmount, Conditions = numbered }, note);
    }

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Ok(GuaranteeApplication next, string note) => (next, note, null);

    private static (GuaranteeApplication? Next, string Note, (string Code, string Message)? Error) Err(string code, string message) => (null, "", (code, message));

    private static WorkflowResult Fail(GuaranteeApplication app, WorkflowAction action, ApplicationState? to, string code, string message) =>
        new(null, new TransitionError(app.State, to, action.Kind, code, message));

    private static HashSet<ActorRole> Set(params ActorRole[] roles) => [.. roles];

    private static Dictionary<(ApplicationState, WorkflowActionKind), IReadOnlySet<ApplicationState>> BuildTransitions()
    {
        var table = new Dictionary<(ApplicationState, WorkflowActionKind), IReadOnlySet<ApplicationState>>();

        void Add(ApplicationState from, WorkflowActionKind action, params ApplicationState[] to) => table[(from, action)] = new HashSet<ApplicationState>(to);

        Add(ApplicationState.Submitted, WorkflowActionKind.StartScreening, ApplicationState.Screening);
        Add(ApplicationState.Screening, WorkflowActionKind.CompleteScreening, ApplicationState.UnderExamination, ApplicationState.Declined);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.AssignExaminer, ApplicationState.UnderExamination);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.AssignSecondExaminer, ApplicationState.UnderExamination);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.RequestInformation, ApplicationState.MoreInformationRequested);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.Approve, ApplicationState.Approved);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.ApproveWithConditions, ApplicationState.ApprovedWithConditions);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.Decline, ApplicationState.Declined);
        Add(ApplicationState.MoreInformationRequested, WorkflowActionKind.AnswerInformation, ApplicationState.UnderExamination);
        Add(ApplicationState.MoreInformationRequested, WorkflowActionKind.Decline, ApplicationState.Declined);
        Add(ApplicationState.Approved, WorkflowActionKind.ReportDisbursement, ApplicationState.Approved);
        Add(ApplicationState.Approved, WorkflowActionKind.Issue, ApplicationState.Issued);
        Add(ApplicationState.ApprovedWithConditions, WorkflowActionKind.MeetCondition, ApplicationState.ApprovedWithConditions);
        Add(ApplicationState.ApprovedWithConditions, WorkflowActionKind.ReportDisbursement, ApplicationState.ApprovedWithConditions);
        Add(ApplicationState.ApprovedWithConditions, WorkflowActionKind.Issue, ApplicationState.Issued);
        foreach (var state in PreIssuance)
        {
            Add(state, WorkflowActionKind.Withdraw, ApplicationState.Withdrawn);
        }

        Add(ApplicationState.Issued, WorkflowActionKind.ConfirmFeePaid, ApplicationState.Active);
        Add(ApplicationState.Active, WorkflowActionKind.ReportRepayment, ApplicationState.Active, ApplicationState.Repaid);
        Add(ApplicationState.Active, WorkflowActionKind.DeclareDefault, ApplicationState.Defaulted);
        Add(ApplicationState.Defaulted, WorkflowActionKind.FileClaim, ApplicationState.ClaimFiled);
        Add(ApplicationState.ClaimFiled, WorkflowActionKind.PayClaim, ApplicationState.ClaimPaid);
        Add(ApplicationState.ClaimPaid, WorkflowActionKind.BookRecovery, ApplicationState.RecoveriesBooked);
        Add(ApplicationState.ClaimPaid, WorkflowActionKind.Close, ApplicationState.Closed);
        Add(ApplicationState.RecoveriesBooked, WorkflowActionKind.BookRecovery, ApplicationState.RecoveriesBooked);
        Add(ApplicationState.RecoveriesBooked, WorkflowActionKind.Close, ApplicationState.Closed);
        Add(ApplicationState.Repaid, WorkflowActionKind.Close, ApplicationState.Closed);
        return table;
    }
}
