namespace SmePlatform.ClusterStats.Domain.Clusters;

/// <summary>How the cluster's firms converge (000:L31, L455-471): on production, on a market, or along a production chain.</summary>
public enum ClusterPattern
{
    Production,
    Market,
    ProductionChain,
}

/// <summary>The government's part in the cluster (003:L21): spontaneous self-development, cultivation, or a combination.</summary>
public enum GovernmentRole
{
    SelfDevelopment,
    Cultivation,
    Combination,
}

/// <summary>Where the cluster came from (003:L25): endogenous (local, town enterprises) or exogenous (a development zone).</summary>
public enum ClusterOrigin
{
    Endogenous,
    Exogenous,
}

/// <summary>What a named member does in the cluster (the sweater cluster of 000:L399).</summary>
public enum MemberRole
{
    Producer,
    Distributor,
    Affiliated,
    Materials,
    Transport,
    Repair,
}

public sealed record ClusterMember(Guid EnterpriseId, MemberRole Role);

/// <summary>Why an enterprise belongs to a cluster version: by one of its codes, by name with a role, or both.</summary>
public sealed record ClusterMembership(ClusterDefinition Cluster, string? ByIndustryCode, MemberRole? Role);

/// <summary>
/// One version of a cluster: from <see cref="EffectiveFrom"/> until the next version's day (versions never overlap). An
/// active enterprise belongs to it when its industry code lies within one of <see cref="IndustryCodes"/> or it is a named
/// member. <see cref="Wards"/> is the cluster's home territory (empty: the whole city); location quotients look at every
/// ward, so that they can show where the cluster really concentrates. <see cref="Preset"/>: taken from the sources, not
/// yet checked by the SME Office (a version it posts is never a preset).
/// </summary>
public sealed record ClusterDefinition(
    string ClusterId,
    int Version,
    DateOnly EffectiveFrom,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> Wards,
    IReadOnlyList<ClusterMember> Members,
    ClusterPattern Pattern,
    GovernmentRole GovernmentRole,
    ClusterOrigin Origin,
    bool Preset,
    string? Source)
{
    /// <summary>Whether an enterprise with this id and code belongs to the cluster (by code or by name).</summary>
    public bool Includes(Guid enterpriseId, string industryCode) =>
        IndustryCodes.Any(prefix => Clusters.IndustryCodes.Covers(prefix, industryCode)) || Members.Any(m => m.EnterpriseId == enterpriseId);

    /// <summary>
    /// How an enterprise with this id and code belongs to the cluster: the cluster's most specific code covering its code
    /// (null: none), and its role when it is a named member (null: not named); null when it does not belong.
    /// </summary>
    public ClusterMembership? MembershipOf(Guid enterpriseId, string industryCode)
    {
        var byCode = IndustryCodes.Where(prefix => Clusters.IndustryCodes.Covers(prefix, industryCode)).MaxBy(prefix => prefix.Length);
        var role = Members.FirstOrDefault(m => m.EnterpriseId == enterpriseId)?.Role;
        return byCode is null && role is null ? null : new ClusterMembership(this, byCode, role);
    }

    /// <summary>The version in force on <paramref name="day"/> among <paramref name="versions"/> of one cluster, or null before the first.</summary>
    public static ClusterDefinition? InForce(IEnumerable<ClusterDefinition> versions, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom);
    }
}
