namespace SmePlatform.Matching.Domain.Profiles;

/// <summary>
/// Shenyang's wards as the one-stop counters name them (the register's ward codes), and which of them share a border.
/// The adjacency is an assumption read from the city's district map (docs/matching-rules.md, "Distance"): it is symmetric
/// and only ever used to rank a neighbouring ward above a distant one.
/// </summary>
public static class Wards
{
    private static readonly Dictionary<string, string[]> Borders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["heping"] = ["shenhe", "huanggu", "tiexi", "dongling", "sujiatun"],
        ["shenhe"] = ["heping", "dadong", "huanggu", "dongling"],
        ["dadong"] = ["shenhe", "huanggu", "dongling", "xinchengzi"],
        ["huanggu"] = ["heping", "shenhe", "dadong", "tiexi", "yuhong", "xinchengzi"],
        ["tiexi"] = ["heping", "huanggu", "yuhong", "sujiatun"],
        ["sujiatun"] = ["heping", "tiexi", "dongling", "yuhong", "liaozhong"],
        ["dongling"] = ["heping", "shenhe", "dadong", "sujiatun", "xinchengzi"],
        ["xinchengzi"] = ["dadong", "huanggu", "dongling", "yuhong", "xinmin", "faku"],
        ["yuhong"] = ["huanggu", "tiexi", "sujiatun", "xinchengzi", "xinmin", "liaozhong"],
        ["liaozhong"] = ["sujiatun", "yuhong", "xinmin"],
        ["kangping"] = ["faku"],
        ["faku"] = ["kangping", "xinchengzi", "xinmin"],
        ["xinmin"] = ["yuhong", "xinchengzi", "faku", "liaozhong"],
    };

    public static IReadOnlyCollection<string> All => Borders.Keys;

    public static bool IsKnown(string? ward) => ward is not null && Borders.ContainsKey(ward.Trim());

    public static IReadOnlyList<string> NeighboursOf(string ward) => Borders.TryGetValue(ward, out var n) ? n : [];

    public static Proximity Between(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return Proximity.SameWard;
        }

        if (NeighboursOf(a).Contains(b, StringComparer.OrdinalIgnoreCase))
        {
            return Proximity.NeighbouringWard;
        }

        return IsKnown(a) && IsKnown(b) ? Proximity.SameCity : Proximity.Elsewhere;
    }
}

public enum Proximity
{
    SameWard,
    NeighbouringWard,
    SameCity,
    Elsewhere,
}
