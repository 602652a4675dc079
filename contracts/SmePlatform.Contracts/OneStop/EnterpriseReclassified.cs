namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// An enterprise's size class changed: its figures or industry changed, or another rule set applies. Classes are
/// micro, small, medium, large, or null (the rule set does not cover the enterprise).
/// </summary>
public sealed record EnterpriseReclassified(
    Guid EnterpriseId,
    string Ward,
    string IndustryCode,
    string? FromClass,
    string? ToClass,
    string? FromRuleSetId,
    int? FromRuleSetVersion,
    string RuleSetId,
    int RuleSetVersion,
    string Reason,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
