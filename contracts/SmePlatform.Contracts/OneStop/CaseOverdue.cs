namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// An open case passed its SLA due date without being closed; flagged by the daily overdue run of <paramref name="RunDate"/>.
/// Published once per case, however long it stays overdue.
/// </summary>
/// <param name="DueDate">The due date (Asia/Shanghai) after any pauses while waiting for documents.</param>
/// <param name="DueBy">The instant the case became overdue (the end of <paramref name="DueDate"/>).</param>
/// <param name="State">The case's state when flagged: Received, InProgress or Referred.</param>
public sealed record CaseOverdue(
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    string State,
    DateOnly DueDate,
    DateTimeOffset DueBy,
    DateOnly RunDate,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
