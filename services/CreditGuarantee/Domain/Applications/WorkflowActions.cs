namespace SmePlatform.CreditGuarantee.Domain;

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

/// <summary>
/// <see cref="ExaminerId"/> takes over the file as its examiner (or, <see cref="Second"/>, as its second examiner) from
/// whoever holds it, for <see cref="Reason"/>. Assignment only ever fills an empty place; taking one over is this.
/// </summary>
public sealed record ReassignExaminer(string ExaminerId, string Reason, bool Second = false) : WorkflowAction
{
    public override WorkflowActionKind Kind => WorkflowActionKind.ReassignExaminer;
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
