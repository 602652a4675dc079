namespace SmePlatform.Contracts.Guarantee;

/// <summary>
/// The guarantee was issued: the bank reported the disbursement and every condition of the approval was met.
/// Amounts in CNY.
/// </summary>
public sealed record GuaranteeIssued(
    Guid ApplicationId,
    string BankId,
    Guid EnterpriseId,
    decimal GuaranteedAmount,
    decimal DisbursedAmount,
    DateOnly DisbursedOn,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
