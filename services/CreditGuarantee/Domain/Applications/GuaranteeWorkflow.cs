namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// The application/guarantee state machine. <see cref="Transitions"/> is the one table of what may happen in which
/// state (and to which states it may lead); <see cref="Roles"/> says who may do it; <see cref="Apply"/> checks the
/// table, the role, then the action's own guards (four-eyes, the issuance gate, the default trigger, amounts).
/// </summary>
public static partial class GuaranteeWorkflow
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
        [WorkflowActionKind.ReassignExaminer] = Set(ActorRole.Examiner, ActorRole.FundAdministrator),
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

    /// <summary>What the transition table allows in a state, whatever the application's facts (none: the state is final).</summary>
    public static IReadOnlyList<WorkflowActionKind> AllowedActions(ApplicationState state) =>
        [.. Enum.GetValues<WorkflowActionKind>().Where(a => Transitions.ContainsKey((state, a)))];

    /// <summary>
    /// What may happen to this application now: the table's actions whose guards its facts pass (a disbursement not yet
    /// reported, a condition still unmet, an examiner to decide, a default the loan's age allows). What the guards check of
    /// the actor (which examiner, which bank) and of the request (amounts) is left to the request; every action listed
    /// here is accepted from the right person with a well-formed request (WorkflowTests prove it).
    /// </summary>
    public static IReadOnlyList<WorkflowActionKind> AllowedActions(WorkflowRules rules, GuaranteeApplication application, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(application);
        return [.. AllowedActions(application.State).Where(kind => Possible(rules, application, kind, today))];
    }

    private static bool Possible(WorkflowRules rules, GuaranteeApplication app, WorkflowActionKind kind, DateOnly today) => kind switch
    {
        WorkflowActionKind.AssignExaminer => app.Examiner is null,
        WorkflowActionKind.AssignSecondExaminer => NeedsSecondExaminer(rules, app) && app.SecondExaminer is null,
        WorkflowActionKind.ReassignExaminer => app.Examiner is not null || app.SecondExaminer is not null,
        // Either examiner may ask; only the examiner declines.
        WorkflowActionKind.RequestInformation => app.Examiner is not null || app.SecondExaminer is not null,
        WorkflowActionKind.Decline => app.Examiner is not null,
        WorkflowActionKind.Approve or WorkflowActionKind.ApproveWithConditions =>
            app.Examiner is not null && (!NeedsSecondExaminer(rules, app) || app.SecondExaminer is not null),
        WorkflowActionKind.MeetCondition => app.Conditions.Any(c => !c.Met),
        WorkflowActionKind.ReportDisbursement => app.Disbursement is null,
        WorkflowActionKind.Issue => app.Disbursement is not null && app.AllConditionsMet,
        WorkflowActionKind.ReportRepayment => app.Outstanding > 0,
        WorkflowActionKind.DeclareDefault => app.Disbursement is { } loan
            && FundCalendar.DaysBetween(loan.On, today) >= rules.DefaultTriggerDaysPastDue && app.Outstanding > 0,
        WorkflowActionKind.FileClaim => app.Disbursement is { } claimed
            && FundCalendar.DaysBetween(claimed.On, today) >= rules.DefaultTriggerDaysPastDue && Claimable(app) > 0,
        WorkflowActionKind.PayClaim => app.ClaimFiled > 0,
        WorkflowActionKind.BookRecovery => app.Recovered < app.ClaimPaid,
        _ => true,
    };

    /// <summary>The most a claim may be: the guarantee's coverage share of the outstanding at default, at most the amount guaranteed.</summary>
    public static decimal Claimable(GuaranteeApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var guaranteed = app.GuaranteedAmount ?? 0m;
        var coverage = app.LoanAmount > 0 ? guaranteed / app.LoanAmount : 0m;
        return Math.Min(guaranteed, Money.TruncateToFen(app.Outstanding * coverage));
    }

    public static bool NeedsSecondExaminer(WorkflowRules rules, GuaranteeApplication application) =>
        application.LoanAmount > rules.SecondExaminerAboveLoanAmount;

    public static WorkflowResult Apply(WorkflowRules rules, GuaranteeApplication application, WorkflowAction action, WorkflowActor actor, DateTimeOffset at)
    {
        var from = application.State;
        var to = TargetOf(application, action);
        if (!Transitions.TryGetValue((from, action.Kind), out var targets))
        {
            var allowed = AllowedActions(rules, application, FundCalendar.DateOf(at));
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

        var guarded = Guard(rules, application, action, actor, FundCalendar.DateOf(at));
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
    private static WorkflowResult Fail(GuaranteeApplication app, WorkflowAction action, ApplicationState? to, string code, string message) =>
        new(null, new TransitionError(app.State, to, action.Kind, code, message));

    private static HashSet<ActorRole> Set(params ActorRole[] roles) => [.. roles];
}
