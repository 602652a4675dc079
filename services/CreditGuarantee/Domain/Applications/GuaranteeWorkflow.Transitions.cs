namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>The transition table: what may happen in which state, and to which states it may lead.</summary>
public static partial class GuaranteeWorkflow
{
    private static Dictionary<(ApplicationState, WorkflowActionKind), IReadOnlySet<ApplicationState>> BuildTransitions()
    {
        var table = new Dictionary<(ApplicationState, WorkflowActionKind), IReadOnlySet<ApplicationState>>();

        void Add(ApplicationState from, WorkflowActionKind action, params ApplicationState[] to) => table[(from, action)] = new HashSet<ApplicationState>(to);

        Add(ApplicationState.Submitted, WorkflowActionKind.StartScreening, ApplicationState.Screening);
        Add(ApplicationState.Screening, WorkflowActionKind.CompleteScreening, ApplicationState.UnderExamination, ApplicationState.Declined);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.AssignExaminer, ApplicationState.UnderExamination);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.AssignSecondExaminer, ApplicationState.UnderExamination);
        Add(ApplicationState.UnderExamination, WorkflowActionKind.ReassignExaminer, ApplicationState.UnderExamination);
        Add(ApplicationState.MoreInformationRequested, WorkflowActionKind.ReassignExaminer, ApplicationState.MoreInformationRequested);
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
