namespace SmePlatform.Contracts.Guarantee;

/// <summary>
/// Automatic screening finished: passed (the application is under examination) or failed (it is declined), with the
/// stable codes of the rules that failed (docs/guarantee-rules.md, ScreeningCodes).
/// </summary>
public sealed record GuaranteeApplicationScreened(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    bool Passed,
    IReadOnlyList<string> FailedRules,
    string ConfigurationId,
    int ConfigurationVersion,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
