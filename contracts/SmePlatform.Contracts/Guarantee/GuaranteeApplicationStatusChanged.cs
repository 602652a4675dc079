namespace SmePlatform.Contracts.Guarantee;

/// <summary>
/// Any state change of an application or its guarantee ("submitted" → "screening" → "under_examination" …), one per
/// transition, in order: what a bank notification or a case timeline follows. The specific events (screened,
/// decided, issued) carry the details.
/// </summary>
public sealed record GuaranteeApplicationStatusChanged(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    string From,
    string To,
    string Action,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
