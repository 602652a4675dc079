namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// A case moved: the action taken, the state before and after, who did it and why (reject, withdraw and reopen
/// always carry a reason).
/// </summary>
/// <param name="Action">Start, RequestDocuments, ResumeWork, Refer, ReturnFromReferral, Complete, Reject, Withdraw, Reopen.</param>
/// <param name="From">Received, InProgress, WaitingForDocuments, Referred, Completed, Rejected or Withdrawn.</param>
public sealed record CaseStateChanged(
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    string Action,
    string From,
    string To,
    string Actor,
    string? Reason,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
