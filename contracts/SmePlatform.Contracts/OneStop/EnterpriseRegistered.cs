namespace SmePlatform.Contracts.OneStop;

/// <summary>An enterprise entered the city's register at a ward counter or through the API.</summary>
/// <param name="IndustryCode">GB/T 4754-2017 code: a section letter and up to four digits, e.g. "C3511".</param>
/// <param name="AnnualRevenue">CNY.</param>
/// <param name="TotalAssets">CNY.</param>
public sealed record EnterpriseRegistered(
    Guid EnterpriseId,
    string Uscc,
    string Name,
    string Ward,
    string IndustryCode,
    int Employees,
    decimal AnnualRevenue,
    decimal TotalAssets,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
