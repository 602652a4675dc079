namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// An outcome of a case was recorded for its enterprise: a business started, jobs created, a sales increase or capital
/// raised, on the day it was achieved, with the evidence seen. Statistics count these per ward, procedure and period.
/// </summary>
/// <param name="Kind">business-started, jobs-created, sales-increase or capital-raised.</param>
/// <param name="Jobs">For jobs-created only: the number of jobs created.</param>
/// <param name="AmountCny">For sales-increase and capital-raised only: the amount in yuan (CNY).</param>
/// <param name="AchievedOn">The day the milestone was reached (Asia/Shanghai).</param>
public sealed record CaseMilestoneRecorded(
    Guid MilestoneId,
    Guid CaseId,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    string Kind,
    int? Jobs,
    decimal? AmountCny,
    DateOnly AchievedOn,
    string Evidence,
    string RecordedBy,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
