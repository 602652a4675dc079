namespace SmePlatform.Contracts.OneStop;

/// <summary>An enterprise entered the city's register at a ward counter or through the API.</summary>
/// <param name="IndustryCode">GB/T 4754-2017 code: a section letter and up to four digits, e.g. "C3511".</param>
/// <param name="AnnualRevenue">CNY.</param>
/// <param name="TotalAssets">CNY.</param>
/// <param name="SizeClass">micro, small, medium or large by the current rule set; null when it does not cover the enterprise.</param>
/// <param name="SizeRuleSetId">The rule set that classified it ("CN-2003").</param>
/// <param name="SizeRuleSetVersion">Its version.</param>
/// <param name="SizeReason">Why, in words ("Medium under CN-2003 v1, sector industry: employees 320 ≥ 300 …").</param>
/// <param name="Category">legal-person-enterprise or individual-household; null when not given. Statistics count them apart.</param>
/// <param name="LegalForm">Legal form code (docs/onestop-rules.md), null when not given.</param>
/// <param name="OwnershipType">Ownership type code, null when not given.</param>
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
    int Version = 1,
    string? SizeClass = null,
    string? SizeRuleSetId = null,
    int? SizeRuleSetVersion = null,
    string? SizeReason = null,
    string? Category = null,
    string? LegalForm = null,
    string? OwnershipType = null) : IIntegrationEvent;
