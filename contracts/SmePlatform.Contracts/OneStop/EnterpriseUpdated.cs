namespace SmePlatform.Contracts.OneStop;

/// <summary>
/// An enterprise's register entry changed (its code never changes). Carries the figures and keys after the change
/// and the names of the fields that changed; a change of size class comes as <see cref="EnterpriseReclassified"/> too.
/// </summary>
/// <param name="ChangedFields">camelCase field names as in the REST API ("employees", "ward").</param>
/// <param name="RowVersion">The register entry's version after the change: consumers keep the highest they saw.</param>
/// <param name="LegalForm">Legal form code after the change; null when none is recorded (or from a publisher before the field).</param>
/// <param name="OwnershipType">Ownership type code after the change; null when none is recorded (or from a publisher before the field).</param>
public sealed record EnterpriseUpdated(
    Guid EnterpriseId,
    string Uscc,
    string Name,
    string Ward,
    string IndustryCode,
    int Employees,
    decimal AnnualRevenue,
    decimal TotalAssets,
    string? Category,
    IReadOnlyList<string> ChangedFields,
    int RowVersion,
    DateTimeOffset OccurredAt,
    int Version = 1,
    string? LegalForm = null,
    string? OwnershipType = null) : IIntegrationEvent;
