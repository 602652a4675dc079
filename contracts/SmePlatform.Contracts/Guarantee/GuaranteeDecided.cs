namespace SmePlatform.Contracts.Guarantee;

/// <summary>
/// The fund decided an application: <see cref="Outcome"/> is "approved", "approved_with_conditions" or "declined"
/// (declined by an examiner, or by screening when <see cref="DecidedBy"/> is "screening"). Amounts in CNY; null when
/// declined. <see cref="Reasons"/> are the decision's reasons in words (rules and bands that set coverage and fee).
/// </summary>
public sealed record GuaranteeDecided(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    string Outcome,
    decimal? GuaranteedAmount,
    decimal? Coverage,
    decimal? Fee,
    int? RiskGrade,
    IReadOnlyList<string> Reasons,
    string DecidedBy,
    string? CountersignedBy,
    string ConfigurationId,
    int ConfigurationVersion,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
