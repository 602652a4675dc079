namespace SmePlatform.ClusterStats.Domain.Clusters;

/// <summary>
/// Shenyang's nine wards and four counties by the codes the register, the counters and tokens use (OneStop's ward list):
/// a cluster's territory is named with them.
/// </summary>
public static class Wards
{
    public static readonly IReadOnlyList<string> All =
        ["heping", "shenhe", "dadong", "huanggu", "tiexi", "sujiatun", "dongling", "xinchengzi", "yuhong", "liaozhong", "kangping", "faku", "xinmin"];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
