using SmePlatform.ClusterStats.Domain.Clusters;

namespace SmePlatform.ClusterStats.Application.Clusters;

/// <summary>
/// One version of a cluster as answered. <see cref="Members"/> names enterprises, so only the SME Office sees it; for other
/// staff it is left out (null), and <see cref="MemberCount"/> says how many there are.
/// </summary>
public sealed record ClusterVersionView(
    int Version,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveUntil,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> Wards,
    ClusterPattern Pattern,
    GovernmentRole GovernmentRole,
    ClusterOrigin Origin,
    bool Preset,
    string? Source,
    int MemberCount,
    IReadOnlyList<ClusterMember>? Members);

/// <summary>A cluster: its id, the version in force today (null when only future versions exist), and all its versions.</summary>
public sealed record ClusterView(string Id, int? VersionInForce, IReadOnlyList<ClusterVersionView> Versions)
{
    /// <summary>The version in force on <paramref name="day"/>, or null before the first.</summary>
    public ClusterVersionView? VersionOn(DateOnly day) => Versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom);

    public static ClusterView From(IReadOnlyList<ClusterDefinition> versions, DateOnly today, bool withMembers)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = versions.OrderBy(v => v.Version).ToArray();
        return new(ordered[0].ClusterId, ClusterDefinition.InForce(ordered, today)?.Version,
            [.. ordered.Select((v, i) => new ClusterVersionView(v.Version, v.EffectiveFrom, i + 1 < ordered.Length ? ordered[i + 1].EffectiveFrom.AddDays(-1) : null,
                v.NameZh, v.NameEn, v.IndustryCodes, v.Wards, v.Pattern, v.GovernmentRole, v.Origin, v.Preset, v.Source, v.Members.Count,
                withMembers ? v.Members : null))]);
    }
}
