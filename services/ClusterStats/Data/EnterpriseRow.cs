using SmePlatform.ClusterStats.Domain.Register;

namespace SmePlatform.ClusterStats.Data;

/// <summary>A <c>registered_enterprises</c> row as Dapper reads it, and the batch UPDATE that writes records back.</summary>
internal sealed class EnterpriseRow
{
    public const string Columns =
        """
        enterprise_id, ward, industry_code, employees, annual_revenue, attributes_at, attributes_version, registered_at,
        category, category_at, legal_form, legal_form_at, ownership_type, ownership_type_at, size_class, size_class_at,
        left_at, left_reason, merged_into
        """;

    public const string Update =
        """
        UPDATE registered_enterprises AS e SET
            ward = u.ward, industry_code = u.industry_code, industry_section = left(u.industry_code, 1),
            employees = u.employees, annual_revenue = u.annual_revenue, attributes_at = u.attributes_at,
            attributes_version = u.attributes_version, registered_at = u.registered_at,
            category = u.category, category_at = u.category_at, legal_form = u.legal_form, legal_form_at = u.legal_form_at,
            ownership_type = u.ownership_type, ownership_type_at = u.ownership_type_at,
            size_class = u.size_class, size_class_at = u.size_class_at,
            left_at = u.left_at, left_reason = u.left_reason, merged_into = u.merged_into
        FROM unnest(@ids, @wards, @codes, @employees, @revenues, @attributesAt, @attributesVersion, @registeredAt,
                    @categories, @categoryAt, @legalForms, @legalFormAt, @ownership, @ownershipAt, @sizeClasses, @sizeClassAt,
                    @leftAt, @leftReasons, @mergedInto)
            AS u(enterprise_id, ward, industry_code, employees, annual_revenue, attributes_at, attributes_version, registered_at,
                 category, category_at, legal_form, legal_form_at, ownership_type, ownership_type_at, size_class, size_class_at,
                 left_at, left_reason, merged_into)
        WHERE e.enterprise_id = u.enterprise_id
        """;

    public Guid EnterpriseId { get; init; }
    public string? Ward { get; init; }
    public string? IndustryCode { get; init; }
    public int Employees { get; init; }
    public decimal AnnualRevenue { get; init; }
    public DateTime? AttributesAt { get; init; }
    public int AttributesVersion { get; init; }
    public DateTime? RegisteredAt { get; init; }
    public string? Category { get; init; }
    public DateTime? CategoryAt { get; init; }
    public string? LegalForm { get; init; }
    public DateTime? LegalFormAt { get; init; }
    public string? OwnershipType { get; init; }
    public DateTime? OwnershipTypeAt { get; init; }
    public string? SizeClass { get; init; }
    public DateTime? SizeClassAt { get; init; }
    public DateTime? LeftAt { get; init; }
    public string? LeftReason { get; init; }
    public Guid? MergedInto { get; init; }

    public EnterpriseRecord ToRecord() => new(EnterpriseId)
    {
        Ward = Ward, IndustryCode = IndustryCode, Employees = Employees, AnnualRevenue = AnnualRevenue, AttributesAt = Utc(AttributesAt),
        AttributesVersion = AttributesVersion, RegisteredAt = Utc(RegisteredAt), Category = Category, CategoryAt = Utc(CategoryAt),
        LegalForm = LegalForm, LegalFormAt = Utc(LegalFormAt), OwnershipType = OwnershipType, OwnershipTypeAt = Utc(OwnershipTypeAt),
        SizeClass = SizeClass, SizeClassAt = Utc(SizeClassAt), LeftAt = Utc(LeftAt), LeftReason = LeftReason, MergedInto = MergedInto,
    };

    public static object Arrays(IReadOnlyList<EnterpriseRecord> records) => new
    {
        ids = records.Select(r => r.EnterpriseId).ToArray(),
        wards = records.Select(r => r.Ward).ToArray(),
        codes = records.Select(r => r.IndustryCode).ToArray(),
        employees = records.Select(r => r.Employees).ToArray(),
        revenues = records.Select(r => r.AnnualRevenue).ToArray(),
        attributesAt = records.Select(r => r.AttributesAt?.UtcDateTime).ToArray(),
        attributesVersion = records.Select(r => r.AttributesVersion).ToArray(),
        registeredAt = records.Select(r => r.RegisteredAt?.UtcDateTime).ToArray(),
        categories = records.Select(r => r.Category).ToArray(),
        categoryAt = records.Select(r => r.CategoryAt?.UtcDateTime).ToArray(),
        legalForms = records.Select(r => r.LegalForm).ToArray(),
        legalFormAt = records.Select(r => r.LegalFormAt?.UtcDateTime).ToArray(),
        ownership = records.Select(r => r.OwnershipType).ToArray(),
        ownershipAt = records.Select(r => r.OwnershipTypeAt?.UtcDateTime).ToArray(),
        sizeClasses = records.Select(r => r.SizeClass).ToArray(),
        sizeClassAt = records.Select(r => r.SizeClassAt?.UtcDateTime).ToArray(),
        leftAt = records.Select(r => r.LeftAt?.UtcDateTime).ToArray(),
        leftReasons = records.Select(r => r.LeftReason).ToArray(),
        mergedInto = records.Select(r => r.MergedInto).ToArray(),
    };

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
