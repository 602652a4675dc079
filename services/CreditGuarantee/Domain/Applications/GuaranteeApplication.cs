namespace SmePlatform.CreditGuarantee.Domain;

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
