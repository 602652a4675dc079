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
    private static WorkflowResult Fail(GuaranteeApplication app, WorkflowAction action, ApplicationState? to, string code, string message) =>
        new(null, new TransitionError(app.State, to, action.Kind, code, message));

    private static HashSet<ActorRole> Set(params ActorRole[] roles) => [.. roles];
}
