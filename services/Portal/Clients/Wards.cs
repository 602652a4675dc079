namespace SmePlatform.Portal.Clients;

/// <summary>
/// Shenyang's nine wards and four counties by the codes the APIs use, with the English names the portal's catalogue
/// translates (Localization/Ui.zh-CN.resx). The codes are the platform's contract; OneStop owns the register's list.
/// </summary>
public static class Wards
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("heping", "Heping"), ("shenhe", "Shenhe"), ("dadong", "Dadong"), ("huanggu", "Huanggu"), ("tiexi", "Tiexi"),
        ("sujiatun", "Sujiatun"), ("dongling", "Dongling"), ("xinchengzi", "Xinchengzi"), ("yuhong", "Yuhong"),
        ("liaozhong", "Liaozhong"), ("kangping", "Kangping"), ("faku", "Faku"), ("xinmin", "Xinmin"),
    ];

    /// <summary>The English name of a ward code (the catalogue's key), or the code itself when unknown.</summary>
    public static string NameOf(string? code) =>
        All.FirstOrDefault(w => string.Equals(w.Code, code, StringComparison.OrdinalIgnoreCase)).Name ?? code ?? "";
}
