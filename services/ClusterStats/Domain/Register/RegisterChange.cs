namespace SmePlatform.ClusterStats.Domain.Register;

/// <summary>
/// One thing the register said about an enterprise at a moment (<see cref="At"/>, the register's event time). Every
/// change touches one aspect of the projection (its attributes, its size class, or its leaving the register) and is
/// applied only when it is newer than what the projection already holds for that aspect: that makes the projection
/// the same whatever order and however often the changes arrive.
/// </summary>
public abstract record RegisterChange(Guid EnterpriseId, DateTimeOffset At);

/// <summary>
/// The enterprise's attributes after a registration, an update, or as a rebuild read them. <see cref="RowVersion"/>
/// is the register entry's version when the source carries it (0 otherwise) and orders two observations of the same
/// instant. The optional fields are null when the source did not provide them, never to clear a value.
/// </summary>
public sealed record AttributesObserved(
    Guid EnterpriseId,
    DateTimeOffset At,
    int RowVersion,
    string Ward,
    string IndustryCode,
    int Employees,
    decimal AnnualRevenue,
    DateTimeOffset? RegisteredAt = null,
    string? Category = null,
    string? LegalForm = null,
    string? OwnershipType = null) : RegisterChange(EnterpriseId, At);

/// <summary>The enterprise's size class (micro, small, medium, large; null: the rule set does not cover it).</summary>
public sealed record SizeClassObserved(Guid EnterpriseId, DateTimeOffset At, string? SizeClass) : RegisterChange(EnterpriseId, At);

/// <summary>The enterprise left the active register: closure, or merger into <see cref="MergedInto"/>. The register never reactivates an entry.</summary>
public sealed record EnterpriseLeft(Guid EnterpriseId, DateTimeOffset At, string Reason, Guid? MergedInto) : RegisterChange(EnterpriseId, At);
