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

    /// <summary>The bank withdrew the application before issuance (every lending workflow needs it).</summary>
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

    /// <summary>An examiner takes over a file another examiner holds: an explicit act with its reason, kept in the history.</summary>
    ReassignExaminer,
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
