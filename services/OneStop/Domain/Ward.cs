namespace SmePlatform.OneStop.Domain;

/// <summary>
/// The nine urban wards and four counties of Shenyang served by one-stop counters (DOMAIN.md, 002 glossary).
/// Codes are the stable lower-case romanised names used in APIs, events and tokens' ward claims; the division
/// code is the national administrative division code, the first six digits after positions 1-2 of a USCC.
/// </summary>
public sealed record Ward(string Code, string NameEn, string NameZh, bool IsCounty, string DivisionCode)
{
    public static readonly IReadOnlyList<Ward> All =
    [
        new("heping", "Heping", "和平区", false, "210102"),
        new("shenhe", "Shenhe", "沈河区", false, "210103"),
        new("dadong", "Dadong", "大东区", false, "210104"),
        new("huanggu", "Huanggu", "皇姑区", false, "210105"),
        new("tiexi", "Tiexi", "铁西区", false, "210106"),
        new("sujiatun", "Sujiatun", "苏家屯区", false, "210111"),
        new("dongling", "Dongling", "东陵区", false, "210112"),
        new("xinchengzi", "Xinchengzi", "新城子区", false, "210113"),
        new("yuhong", "Yuhong", "于洪区", false, "210114"),
        new("liaozhong", "Liaozhong", "辽中县", true, "210122"),
        new("kangping", "Kangping", "康平县", true, "210123"),
        new("faku", "Faku", "法库县", true, "210124"),
        new("xinmin", "Xinmin", "新民市", true, "210181"),
    ];

    private static readonly Dictionary<string, Ward> ByCode = All.ToDictionary(w => w.Code, StringComparer.OrdinalIgnoreCase);

    public static Ward? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());
}
