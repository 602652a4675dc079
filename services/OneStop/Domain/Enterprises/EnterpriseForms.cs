namespace SmePlatform.OneStop.Domain;

/// <summary>
/// How the statistics split registered units (000:L559): legal-person enterprises, and individual industrial and
/// commercial households (个体工商户), which the "legal persons" figures exclude and the register keeps apart.
/// </summary>
public enum EnterpriseCategory
{
    LegalPersonEnterprise,
    IndividualHousehold,
}

/// <summary>Investors' liability as 002 Table 15 gives it; "unknown" where the table says so.</summary>
public enum InvestorLiability
{
    Limited,
    Unlimited,
    Unknown,
}

/// <summary>Ownership type (002:L623: state, collective, private, personal, foreign; 000:L174-177 adds Hong Kong, Macao and Taiwan).</summary>
public sealed record OwnershipType(string Code, string NameEn, string NameZh, string Source)
{
    public static readonly IReadOnlyList<OwnershipType> All =
    [
        new("state", "State", "国有", "002:L623"),
        new("collective", "Collective", "集体", "002:L623"),
        new("private", "Private", "私营", "002:L623"),
        new("personal", "Personal (self-employed)", "个体", "002:L623"),
        new("foreign", "Foreign", "外商投资", "002:L623"),
        new("hk-macao-taiwan", "Hong Kong, Macao and Taiwan", "港澳台投资", "000:L174-177"),
    ];

    private static readonly Dictionary<string, OwnershipType> ByCode = All.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);

    public static OwnershipType? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());
}

/// <summary>
/// Legal form, from 002 Table 15 "Different types of enterprises in China" (002:L3295-3307; notes seed-002-b §10.14)
/// and the list in DOMAIN.md. <see cref="AllowedOwnership"/> is empty when any ownership type may go with the form.
/// </summary>
public sealed record LegalForm(
    string Code,
    string NameEn,
    string NameZh,
    EnterpriseCategory Category,
    InvestorLiability Liability,
    string Law,
    IReadOnlyList<string> AllowedOwnership,
    string Source)
{
    public static readonly IReadOnlyList<LegalForm> All =
    [
        new("state-owned", "State-owned enterprise", "国有企业", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unknown,
            "Law on Industrial Enterprises Owned by the Whole People (1 Aug 1988)", ["state"], "002:L3295-3307"),
        new("collective", "Collective enterprise", "集体企业", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unknown,
            "", ["collective"], "002:L3295-3307"),
        new("limited-liability", "Limited liability company", "有限责任公司", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Limited,
            "Company Law (1999, as printed)", [], "002:L3295-3307"),
        new("joint-stock", "Joint-stock limited company", "股份有限公司", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Limited,
            "Company Law (1999, as printed)", [], "002:L3295-3307"),
        new("partnership", "Partnership", "合伙企业", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unlimited,
            "Partnership Law (1 Aug 1997)", [], "002:L3295-3307"),
        new("town-village", "Town or village enterprise", "乡镇企业", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unknown,
            "Township Enterprises Law (1 Jul 1997)", ["collective", "private", "personal"], "002:L3295-3307"),
        new("private", "Private enterprise", "私营企业", EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unlimited,
            "Provisional Regulations on Private Enterprises (1 Jul 1988)", ["private"], "002:L3295-3307"),
        new("equity-joint-venture", "Foreign-invested: equity joint venture", "中外合资经营企业", EnterpriseCategory.LegalPersonEnterprise,
            InvestorLiability.Limited, "Chinese-Foreign Equity Joint Venture Law (4 Apr 1990, as printed)", ["foreign", "hk-macao-taiwan"], "002:L3306"),
        new("cooperative-joint-venture", "Foreign-invested: cooperative (joint management) enterprise", "中外合作经营企业",
            EnterpriseCategory.LegalPersonEnterprise, InvestorLiability.Unknown,
            "Chinese-Foreign Cooperative Joint Venture Law (13 Apr 1988)", ["foreign", "hk-macao-taiwan"], "002:L3306"),
        new("wholly-foreign-owned", "Foreign-invested: wholly foreign-owned enterprise", "外资企业", EnterpriseCategory.LegalPersonEnterprise,
            InvestorLiability.Limited, "Wholly Foreign-Owned Enterprise Law (12 Apr 1986)", ["foreign", "hk-macao-taiwan"], "002:L3306"),
        new("individual-household", "Individual industrial and commercial household", "个体工商户", EnterpriseCategory.IndividualHousehold,
            InvestorLiability.Unlimited, "", ["personal"], "002:L3307; 000:L559"),
    ];

    private static readonly Dictionary<string, LegalForm> ByCode = All.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);

    public static LegalForm? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());
}

public static class EnterpriseForms
{
    /// <summary>
    /// Validates a legal form and ownership type together, keyed by JSON field: both must be known, and the pair must
    /// not contradict itself (an individual household is personally owned; a state-owned enterprise is state-owned;
    /// a foreign-invested form has foreign or Hong Kong/Macao/Taiwan ownership).
    /// </summary>
    public static (LegalForm? Form, OwnershipType? Ownership, Dictionary<string, string[]> Errors) Validate(string? legalForm, string? ownershipType)
    {
        var errors = new Dictionary<string, string[]>();
        var form = LegalForm.Find(legalForm);
        var ownership = OwnershipType.Find(ownershipType);
        if (form is null)
        {
            errors["legalForm"] = [string.IsNullOrWhiteSpace(legalForm)
                ? "The legal form is required."
                : $"'{legalForm}' is not a known legal form; use one of: {string.Join(", ", LegalForm.All.Select(f => f.Code))}."];
        }

        if (ownership is null)
        {
            errors["ownershipType"] = [string.IsNullOrWhiteSpace(ownershipType)
                ? "The ownership type is required."
                : $"'{ownershipType}' is not a known ownership type; use one of: {string.Join(", ", OwnershipType.All.Select(o => o.Code))}."];
        }

        if (form is not null && ownership is not null && form.AllowedOwnership.Count > 0 && !form.AllowedOwnership.Contains(ownership.Code))
        {
            errors["ownershipType"] = [$"A {form.NameEn.ToLowerInvariant()} cannot have {ownership.NameEn.ToLowerInvariant()} ownership; " +
                                       $"allowed: {string.Join(", ", form.AllowedOwnership)}."];
        }

        return errors.Count == 0 ? (form, ownership, errors) : (null, null, errors);
    }
}
