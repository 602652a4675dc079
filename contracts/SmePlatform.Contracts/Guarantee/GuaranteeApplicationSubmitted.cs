namespace SmePlatform.Contracts.Guarantee;

/// <summary>A partner bank submitted a guarantee application for an enterprise of the register.</summary>
/// <param name="BankApplicationKey">The bank's own key for the application (unique per bank).</param>
/// <param name="LoanAmount">CNY.</param>
public sealed record GuaranteeApplicationSubmitted(
    Guid ApplicationId,
    string BankId,
    string BankApplicationKey,
    Guid EnterpriseId,
    string Uscc,
    decimal LoanAmount,
    string Currency,
    int TermMonths,
    string Programme,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
