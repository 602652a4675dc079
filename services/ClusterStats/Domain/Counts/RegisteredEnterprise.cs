namespace SmePlatform.ClusterStats.Domain.Counts;

/// <summary>One enterprise as the statistics count it: where it is and in which industry section.</summary>
public sealed record RegisteredEnterprise(Guid EnterpriseId, string Ward, string IndustrySection, DateTimeOffset RegisteredAt)
{
    /// <summary>From the register's GB/T 4754 code (a section letter, then digits): the section is its letter.</summary>
    public static RegisteredEnterprise From(Guid enterpriseId, string ward, string industryCode, DateTimeOffset registeredAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(industryCode);
        return new(enterpriseId, ward, industryCode[..1], registeredAt);
    }
}
