namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// The two rules that span more than one action: the automatic issuance (a guarantee is issued the moment the loan is
/// disbursed and every condition is met, whichever comes last) and the four-eyes approval (above the threshold the
/// examiner's approval is a proposal until the second examiner countersigns it).
/// </summary>
public static partial class GuaranteeWorkflow
{
    /// <summary>The service itself, acting on rules (screening, the automatic issuance).</summary>
    public static readonly WorkflowActor System = new("system:guarantee", ActorRole.System);

    /// <summary>The issuance gate: approved, the loan disbursed and every condition met.</summary>
    public static bool ReadyForIssuance(GuaranteeApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.State is ApplicationState.Approved or ApplicationState.ApprovedWithConditions
            && application.Disbursement is not null && application.AllConditionsMet;
    }

    /// <summary>
    /// <see cref="Apply"/>, then the issuance by the service when the action opened the gate (the disbursement, or the
    /// last condition met): the guarantee is never issued early, and never waits once everything is in.
    /// </summary>
    public static WorkflowResult ApplyAndIssueWhenReady(WorkflowRules rules, GuaranteeApplication application, WorkflowAction action, WorkflowActor actor,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(action);
        var result = Apply(rules, application, action, actor, at);
        return result.Application is { } next && action is not Issue && ReadyForIssuance(next)
            ? Apply(rules, next, new Issue(), System, at)
            : result;
    }

    /// <summary>Whether this approval waits for the second examiner's countersignature (above the threshold, not yet countersigned).</summary>
    public static bool IsProposal(WorkflowRules rules, GuaranteeApplication application, string? countersignedBy) =>
        NeedsSecondExaminer(rules, application) && countersignedBy is null;

    /// <summary>
    /// The checks an approval proposal passes before it waits for the countersignature: allowed in this state, made by the
    /// assigned examiner, a second examiner assigned. Null when it may be stored as a proposal.
    /// </summary>
    public static TransitionError? CheckProposal(WorkflowRules rules, GuaranteeApplication application, WorkflowAction approval, WorkflowActor examiner,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(examiner);
        if (!Transitions.ContainsKey((application.State, approval.Kind)))
        {
            return Apply(rules, application, approval, examiner, at).Error;
        }

        if (application.Examiner != examiner.Id)
        {
            return Refuse(application, approval, "examiner.not_assigned",
                $"Only the assigned examiner decides; the assigned examiner is {application.Examiner ?? "nobody yet: assign yourself first"}.");
        }

        return application.SecondExaminer is null
            ? Refuse(application, approval, "four_eyes.second_examiner_missing",
                $"Loans above {Money.Format(rules.SecondExaminerAboveLoanAmount)} are countersigned by a second, different examiner; one assigns themselves first.")
            : null;
    }

    /// <summary>The countersignature's own checks: a proposal waits, and the signer is the second examiner. Null when it may be signed.</summary>
    public static TransitionError? CheckCountersignature(GuaranteeApplication application, bool proposalWaiting, string signer)
    {
        ArgumentNullException.ThrowIfNull(application);
        var approve = new Approve(0m, signer);
        if (!proposalWaiting || application.Examiner is null)
        {
            return Refuse(application, approve, "four_eyes.no_proposal",
                "There is no approval waiting for a countersignature: the assigned examiner proposes the approval first; the second examiner then countersigns it.");
        }

        return signer != application.SecondExaminer
            ? Refuse(application, approve, "four_eyes.countersignature",
                $"Only the second examiner ({application.SecondExaminer ?? "none assigned"}) countersigns, a different person from the examiner who proposed it.")
            : null;
    }

    private static TransitionError Refuse(GuaranteeApplication application, WorkflowAction action, string code, string message) =>
        new(application.State, null, action.Kind, code, message);
}
