namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// A case was opened for an enterprise at its ward's counter, for one version of a catalogue procedure.
/// </summary>
/// <param name="Kind">new or renewal: which checklist of the procedure applies.</param>
/// <param name="DueDate">The SLA due date (Asia/Shanghai); the case is overdue from <paramref name="DueBy"/> while open.</param>
public sealed record CaseOpened(
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    int ProcedureVersion,
    string Kind,
    DateOnly DueDate,
    DateTimeOffset DueBy,
    string OpenedBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
