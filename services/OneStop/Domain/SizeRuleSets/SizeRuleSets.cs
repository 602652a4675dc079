namespace SmePlatform.OneStop.Domain;

/// <summary>
/// The rule sets the sources give, as the first versions the SME Office starts from. Sources are cited as in
/// /work/shared/domain/notes (000 = Liu 2008; 002 = the JICA Shenyang study). See docs/onestop-rules.md.
/// </summary>
public static class SizeRuleSets
{
    public const string China2003Id = "CN-2003";
    public const string Nbs1999Id = "CN-NBS-1999";

    /// <summary>
    /// China's 2003 "Interim Categorizing Criteria on SMEs" (000:L53-74; the same figures in 001:L182-203 once its
    /// unit, 10,000 yuan, is corrected). Note 000:L72: "SME meet one or more of the conditions. ME should meet three
    /// conditions, the others are SE." So: SME when ANY indicator is at or below its upper limit (Large only when
    /// ALL exceed it); Medium when ALL indicators are at or above the lower limits; otherwise Small.
    /// Boundaries: the lower limit is inclusive (exactly 300 employees reaches Medium), as both tables print it
    /// ("&lt; 300" small, "300-2000" medium: 000:L57/L64, 001 Table 1), against the prose "301-2,000" of 000:L82.
    /// The upper limit is inclusive for SMEs (exactly 2,000 employees is still an SME) as "maximum 2,000",
    /// "up to 2,000" and "not exceeding RMB 300 million" say (000:L76, L82) and the tables' "300-2000" ranges agree;
    /// so Large needs every figure strictly above its upper limit.
    /// </summary>
    public static SizeRuleSet China2003 { get; } = new(
        Id: China2003Id,
        Version: 1,
        Name: "China 2003 Interim Categorizing Criteria on SMEs",
        Jurisdiction: "CN",
        // Published February 2003 (001:L180); the day is that of the issuing notice. Superseded nationally in 2011
        // (004:L41), but the sources print the 2011 limits wrongly, so this set stays open until a later one is loaded.
        EffectiveFrom: new DateOnly(2003, 2, 19),
        EffectiveTo: null,
        Currency: "CNY",
        Source: "000:L53-74 (Table 1 and note L72); 001:L182-203 with the unit corrected to 10,000 yuan",
        Sectors:
        [
            China2003Sector("industry", "Industry", "工业", ["B", "C", "D"], 300, 2000, 3_000, 30_000, (4_000, 40_000)),
            China2003Sector("construction", "Construction", "建筑业", ["E"], 600, 3000, 3_000, 30_000, (4_000, 40_000)),
            China2003Sector("wholesale", "Wholesale", "批发业", ["F51"], 100, 200, 3_000, 30_000, null),
            China2003Sector("retail", "Retail", "零售业", ["F52"], 100, 500, 1_000, 15_000, null),
            China2003Sector("transport", "Transport", "交通运输业", ["G53", "G54", "G55", "G56", "G57", "G58"], 500, 3000, 3_000, 30_000, null),
            China2003Sector("post", "Post", "邮政业", ["G60"], 400, 1000, 3_000, 30_000, null),
            China2003Sector("hotels-restaurants", "Hotels and restaurants", "住宿和餐饮业", ["H"], 400, 800, 3_000, 15_000, null),
        ],
        Notes: "Storage (G59) is not listed: 000 Table 1 names transport only, so storage gets 'not covered' rather than a guess. " +
               "Sectors outside the table (agriculture, services, finance, real estate …) are not covered by this rule set.");

    /// <summary>
    /// The National Statistical Bureau's unofficial 1999 announcement (002:L250): "Large enterprises are those with
    /// either an annual turnover or total assets of more than 500 million yuan while those with 50 million yuan are
    /// classified as small enterprises. Enterprises falling between these two categories are classified as medium-size".
    /// Encoded as: Large when EITHER figure exceeds 500 million; Medium when EITHER exceeds 50 million; otherwise Small;
    /// exactly 50 million is Small ("those with 50 million yuan") and exactly 500 million is not Large ("more than").
    /// The small/medium combination is an assumption: L250 says "either … or" only for Large, and the annex table
    /// 002:L2948-2958 says "for each criterion" (ALL). The announcement concerns industrial enterprises, so only
    /// sections B, C, D are covered.
    /// </summary>
    public static SizeRuleSet Nbs1999 { get; } = new(
        Id: Nbs1999Id,
        Version: 1,
        Name: "National Statistical Bureau 1999 announcement (unofficial): turnover or total assets",
        Jurisdiction: "CN",
        EffectiveFrom: new DateOnly(1999, 1, 1),
        EffectiveTo: new DateOnly(2003, 2, 19),
        Currency: "CNY",
        Source: "002:L247-250; annex Table 1, 002:L2948-2958",
        Sectors:
        [
            new SizeSector("industry", "Industry", "工业", ["B", "C", "D"], SizeClass.Small,
            [
                new ClassBoundary(SizeClass.Medium, Combination.Any, "small upper limit",
                [
                    new SizeThreshold(SizeIndicator.AnnualRevenue, 50, UnitScale.Million, BoundInclusivity.Exclusive),
                    new SizeThreshold(SizeIndicator.TotalAssets, 50, UnitScale.Million, BoundInclusivity.Exclusive),
                ]),
                new ClassBoundary(SizeClass.Large, Combination.Any, "large lower limit",
                [
                    new SizeThreshold(SizeIndicator.AnnualRevenue, 500, UnitScale.Million, BoundInclusivity.Exclusive),
                    new SizeThreshold(SizeIndicator.TotalAssets, 500, UnitScale.Million, BoundInclusivity.Exclusive),
                ]),
            ]),
        ],
        Notes: "Unofficial (002:L247). Small/medium combination assumed ANY, mirroring the 'either … or' of the large limit; " +
               "002:L2948-2958 reads ALL. Employees are not an indicator in this rule.");

    public static IReadOnlyList<SizeRuleSet> All { get; } = [Nbs1999, China2003];

    /// <summary>Money limits are in 10,000 yuan (万元), the unit the official tables use (001:L182-203, corrected).</summary>
    private static SizeSector China2003Sector(
        string code, string nameEn, string nameZh, string[] industryCodes,
        int employeesLower, int employeesUpper, decimal revenueLower, decimal revenueUpper, (decimal Lower, decimal Upper)? assets)
    {
        List<SizeThreshold> medium =
        [
            new(SizeIndicator.Employees, employeesLower, UnitScale.One, BoundInclusivity.Inclusive),
            new(SizeIndicator.AnnualRevenue, revenueLower, UnitScale.TenThousand, BoundInclusivity.Inclusive),
        ];
        List<SizeThreshold> large =
        [
            new(SizeIndicator.Employees, employeesUpper, UnitScale.One, BoundInclusivity.Exclusive),
            new(SizeIndicator.AnnualRevenue, revenueUpper, UnitScale.TenThousand, BoundInclusivity.Exclusive),
        ];
        if (assets is { } a)
        {
            medium.Add(new(SizeIndicator.TotalAssets, a.Lower, UnitScale.TenThousand, BoundInclusivity.Inclusive));
            large.Add(new(SizeIndicator.TotalAssets, a.Upper, UnitScale.TenThousand, BoundInclusivity.Exclusive));
        }

        return new SizeSector(code, nameEn, nameZh, industryCodes, SizeClass.Small,
        [
            new ClassBoundary(SizeClass.Medium, Combination.All, "medium lower limit", medium),
            new ClassBoundary(SizeClass.Large, Combination.All, "SME upper limit", large),
        ]);
    }
}
