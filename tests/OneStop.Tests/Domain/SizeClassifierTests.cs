using FsCheck;
using FsCheck.Fluent;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class SizeClassifierTests
{
    private static IndustryCode Code(string code)
    {
        Assert.True(IndustryCode.TryParse(code, out var parsed, out var error), error);
        return parsed;
    }

    private static SizeClassification China2003(string industry, int employees, decimal revenue, decimal assets) =>
        SizeClassifier.Classify(SizeRuleSets.China2003, Code(industry), new EnterpriseFigures(employees, revenue, assets));

    // The worked examples of seeds note 1.1 (INFERENCE test cases, industry sector).
    [Theory]
    [InlineData(250, 50_000_000, 60_000_000, SizeClass.Small)]
    [InlineData(500, 50_000_000, 60_000_000, SizeClass.Medium)]
    [InlineData(2_500, 200_000_000, 500_000_000, SizeClass.Medium)]
    [InlineData(2_500, 350_000_000, 450_000_000, SizeClass.Large)]
    public void Worked_examples_from_the_notes(int employees, long revenue, long assets, SizeClass expected)
    {
        var result = China2003("C3511", employees, revenue, assets);
        Assert.Equal(expected, result.Class);
        Assert.Equal("CN-2003", result.RuleSetId);
        Assert.Equal(1, result.RuleSetVersion);
        Assert.Equal("industry", result.Sector);
    }

    [Fact]
    public void The_reason_names_the_figures_and_limits_that_decided()
    {
        var result = China2003("C3511", 500, 45_000_000, 60_000_000);
        Assert.Equal(SizeClass.Medium, result.Class);
        Assert.Contains("revenue CNY 45,000,000 ≥ CNY 30,000,000 (medium lower limit)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("employees 500 ≤ 2,000 (SME upper limit)", result.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Medium under CN-2003 v1, sector industry:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_enterprise_is_decided_by_the_lower_limits_it_misses_only()
    {
        var result = China2003("C3511", 250, 50_000_000, 60_000_000);
        Assert.Equal([SizeIndicator.Employees], result.DecidingIndicators);
        Assert.Contains("employees 250 < 300 (medium lower limit)", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("revenue", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_headcount_stays_an_SME_when_revenue_is_under_the_upper_limit()
    {
        var result = China2003("C3511", 2_500, 200_000_000, 500_000_000);
        Assert.True(result.IsSme);
        var sme = result.Comparisons.Where(c => c.BoundaryClass == SizeClass.Large && c.Decisive).ToList();
        Assert.Equal(SizeIndicator.AnnualRevenue, Assert.Single(sme).Indicator);
        Assert.Contains("revenue CNY 200,000,000 ≤ CNY 300,000,000 (SME upper limit)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_enterprise_exceeds_every_upper_limit()
    {
        var result = China2003("C3511", 2_500, 350_000_000, 450_000_000);
        Assert.False(result.IsSme);
        Assert.Equal([SizeIndicator.Employees, SizeIndicator.AnnualRevenue, SizeIndicator.TotalAssets], result.DecidingIndicators);
        Assert.Contains("employees 2,500 > 2,000 (SME upper limit)", result.Reason, StringComparison.Ordinal);
    }

    // Boundaries: lower limits inclusive (exactly 300 employees is medium, as both tables print it, not 000:L82's
    // "301-2,000"); upper limits inclusive for SMEs ("maximum 2,000", "not exceeding RMB 300 million").
    [Theory]
    [InlineData(300, "30000000", 40_000_000, SizeClass.Medium)]
    [InlineData(299, "30000000", 40_000_000, SizeClass.Small)]
    [InlineData(300, "29999999.99", 40_000_000, SizeClass.Small)]
    [InlineData(300, "30000000", 39_999_999, SizeClass.Small)]
    [InlineData(2_000, "300000000", 400_000_000, SizeClass.Medium)]
    [InlineData(2_001, "300000000.01", 400_000_001, SizeClass.Large)]
    [InlineData(2_001, "300000000.01", 400_000_000, SizeClass.Medium)]
    [InlineData(0, "0", 0, SizeClass.Small)]
    public void Boundaries_of_the_2003_industry_sector(int employees, string revenue, long assets, SizeClass expected) =>
        Assert.Equal(expected, China2003("C13", employees, decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture), assets).Class);

    [Theory]
    [InlineData("B06", "industry")]
    [InlineData("C", "industry")]
    [InlineData("C3511", "industry")]
    [InlineData("D44", "industry")]
    [InlineData("E47", "construction")]
    [InlineData("F51", "wholesale")]
    [InlineData("F5123", "wholesale")]
    [InlineData("F52", "retail")]
    [InlineData("G53", "transport")]
    [InlineData("G58", "transport")]
    [InlineData("G60", "post")]
    [InlineData("H61", "hotels-restaurants")]
    [InlineData("H62", "hotels-restaurants")]
    public void Sectors_map_to_GB_T_4754_2017(string industry, string sector) =>
        Assert.Equal(sector, China2003(industry, 10, 1_000_000, 1_000_000).Sector);

    [Theory]
    [InlineData("G59")] // storage: 000 Table 1 names transport only
    [InlineData("A01")]
    [InlineData("I65")]
    [InlineData("K70")]
    [InlineData("M73")]
    public void Sectors_outside_the_rule_set_are_not_covered_never_guessed(string industry)
    {
        var result = China2003(industry, 10, 1_000_000, 1_000_000);
        Assert.Null(result.Class);
        Assert.Null(result.IsSme);
        Assert.Equal(NotClassifiedReason.IndustryNotCovered, result.NotClassified);
        Assert.Contains($"Industry {industry} is not covered by rule set CN-2003 v1", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("G", "G53")]
    [InlineData("F", "F51")]
    public void A_section_split_between_sectors_asks_for_the_division(string industry, string mentioned)
    {
        var result = China2003(industry, 10, 1_000_000, 1_000_000);
        Assert.Null(result.Class);
        Assert.Equal(NotClassifiedReason.IndustryTooCoarse, result.NotClassified);
        Assert.Contains(mentioned, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_in_another_currency_are_never_converted()
    {
        var result = SizeClassifier.Classify(SizeRuleSets.China2003, Code("C13"), new EnterpriseFigures(500, 5_000_000, 5_000_000, "USD"));
        Assert.Null(result.Class);
        Assert.Equal(NotClassifiedReason.CurrencyMismatch, result.NotClassified);
    }

    [Theory]
    [InlineData("F51", 150, 40_000_000, SizeClass.Medium)] // wholesale has no assets limit: zero assets do not matter
    [InlineData("F51", 99, 40_000_000, SizeClass.Small)]
    [InlineData("F51", 201, 300_000_001, SizeClass.Large)]
    [InlineData("F52", 100, 10_000_000, SizeClass.Medium)]
    [InlineData("F52", 500, 150_000_000, SizeClass.Medium)]
    [InlineData("F52", 501, 150_000_001, SizeClass.Large)]
    [InlineData("E48", 600, 30_000_000, SizeClass.Small)] // construction also needs assets ≥ 40 million
    [InlineData("G54", 3_001, 300_000_001, SizeClass.Large)]
    [InlineData("G60", 400, 30_000_000, SizeClass.Medium)]
    [InlineData("H62", 801, 150_000_001, SizeClass.Large)]
    [InlineData("H62", 800, 150_000_001, SizeClass.Medium)]
    public void Other_2003_sectors(string industry, int employees, long revenue, SizeClass expected) =>
        Assert.Equal(expected, China2003(industry, employees, revenue, 0).Class);

    [Theory]
    [InlineData(50_000_000, 10_000_000, SizeClass.Small)] // "those with 50 million yuan are classified as small"
    [InlineData(50_000_001, 10_000_000, SizeClass.Medium)]
    [InlineData(1, 50_000_001, SizeClass.Medium)]
    [InlineData(500_000_000, 500_000_000, SizeClass.Medium)]
    [InlineData(1, 500_000_001, SizeClass.Large)] // "either an annual turnover or total assets of more than 500 million"
    public void The_1999_statistics_bureau_rule(long revenue, long assets, SizeClass expected)
    {
        var result = SizeClassifier.Classify(SizeRuleSets.Nbs1999, Code("C35"), new EnterpriseFigures(10_000, revenue, assets));
        Assert.Equal(expected, result.Class);
        Assert.DoesNotContain(result.Comparisons, c => c.Indicator == SizeIndicator.Employees);
    }

    [Fact]
    public void The_1999_rule_covers_industry_only() =>
        Assert.Equal(NotClassifiedReason.IndustryNotCovered,
            SizeClassifier.Classify(SizeRuleSets.Nbs1999, Code("F52"), new EnterpriseFigures(1, 1, 1)).NotClassified);

    [Theory]
    [InlineData("2001-06-01", "CN-NBS-1999")]
    [InlineData("2003-02-18", "CN-NBS-1999")]
    [InlineData("2003-02-19", "CN-2003")]
    [InlineData("2026-01-01", "CN-2003")]
    [InlineData("1990-01-01", null)]
    public void The_rule_set_in_force_on_a_day(string day, string? expected) =>
        Assert.Equal(expected, SizeRuleSet.InForce(SizeRuleSets.All, "CN", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture))?.Id);

    [Fact]
    public void A_later_version_of_the_same_rule_set_wins()
    {
        var corrected = SizeRuleSets.China2003 with { Version = 2 };
        Assert.Equal(2, SizeRuleSet.InForce([SizeRuleSets.China2003, corrected], "CN", new DateOnly(2010, 1, 1))!.Version);
    }

    [Fact]
    public void A_micro_class_is_used_when_the_rule_set_defines_it()
    {
        var sector = SizeRuleSets.China2003.Sectors[0];
        var withMicro = SizeRuleSets.China2003 with
        {
            Id = "TEST-MICRO",
            Sectors =
            [
                sector with
                {
                    BaseClass = SizeClass.Micro,
                    Boundaries =
                    [
                        new ClassBoundary(SizeClass.Small, Combination.Any, "micro upper limit",
                            [new SizeThreshold(SizeIndicator.Employees, 20, UnitScale.One, BoundInclusivity.Inclusive)]),
                        .. sector.Boundaries,
                    ],
                },
            ],
        };
        Assert.Empty(SizeRuleSetValidator.Validate(withMicro));
        Assert.Equal(SizeClass.Micro, SizeClassifier.Classify(withMicro, Code("C13"), new EnterpriseFigures(19, 1, 1)).Class);
        Assert.Equal(SizeClass.Small, SizeClassifier.Classify(withMicro, Code("C13"), new EnterpriseFigures(20, 1, 1)).Class);
    }

    // --- Properties ---------------------------------------------------------------------------------------------

    /// <summary>Every limit of every preset, one unit either side, and plain ranges: the edges are where bugs live.</summary>
    private static readonly decimal[] MoneyEdges = SizeRuleSets.All
        .SelectMany(r => r.Sectors).SelectMany(s => s.Boundaries).SelectMany(b => b.Thresholds)
        .Where(t => t.Indicator != SizeIndicator.Employees)
        .SelectMany(t => new[] { t.Limit - 1, t.Limit, t.Limit + 1 })
        .Distinct().ToArray();

    private static readonly int[] EmployeeEdges = SizeRuleSets.All
        .SelectMany(r => r.Sectors).SelectMany(s => s.Boundaries).SelectMany(b => b.Thresholds)
        .Where(t => t.Indicator == SizeIndicator.Employees)
        .SelectMany(t => new[] { (int)t.Limit - 1, (int)t.Limit, (int)t.Limit + 1 })
        .Distinct().ToArray();

    private static readonly Gen<int> Employees = Gen.OneOf(Gen.Choose(0, 5_000), Gen.Elements(EmployeeEdges));

    private static readonly Gen<decimal> Money = Gen.OneOf(Gen.Choose(0, 700_000).Select(k => k * 1_000m), Gen.Elements(MoneyEdges));

    private static readonly Gen<EnterpriseFigures> Figures =
        from e in Employees
        from r in Money
        from a in Money
        select new EnterpriseFigures(e, r, a);

    private static readonly string[] CoveredCodes = ["C3511", "E47", "F51", "F52", "G54", "G60", "H61"];

    private static readonly Gen<(SizeRuleSet RuleSet, string Industry)> RuleSetAndIndustry = Gen.OneOf(
        Gen.Elements(CoveredCodes).Select(code => (SizeRuleSets.China2003, code)),
        Gen.Constant((SizeRuleSets.Nbs1999, "C13")));

    [Fact]
    public void More_employees_revenue_or_assets_never_make_an_enterprise_smaller()
    {
        var cases = from rule in RuleSetAndIndustry
                    from figures in Figures
                    from moreEmployees in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 3_000))
                    from moreRevenue in Gen.OneOf(Gen.Constant(0m), Gen.Constant(0.01m), Money)
                    from moreAssets in Gen.OneOf(Gen.Constant(0m), Gen.Constant(1m), Money)
                    select (rule, figures, bigger: figures with
                    {
                        Employees = figures.Employees + moreEmployees,
                        AnnualRevenue = figures.AnnualRevenue + moreRevenue,
                        TotalAssets = figures.TotalAssets + moreAssets,
                    });
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var code = Code(c.rule.Industry);
            var before = SizeClassifier.Classify(c.rule.RuleSet, code, c.figures).Class!.Value;
            var after = SizeClassifier.Classify(c.rule.RuleSet, code, c.bigger).Class!.Value;
            return after >= before;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Classification_is_deterministic_and_survives_a_round_trip_through_JSON()
    {
        var stored = SizeRuleSetJson.Deserialize(SizeRuleSetJson.Serialize(SizeRuleSets.China2003)).RuleSet!;
        var cases = from code in Gen.Elements(CoveredCodes)
                    from figures in Figures
                    select (code, figures);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var first = SizeClassifier.Classify(SizeRuleSets.China2003, Code(c.code), c.figures);
            var again = SizeClassifier.Classify(SizeRuleSets.China2003, Code(c.code), c.figures);
            var fromJson = SizeClassifier.Classify(stored, Code(c.code), c.figures);
            return first.Class == again.Class && first.Reason == again.Reason
                && first.DecidingIndicators.SequenceEqual(again.DecidingIndicators)
                && first.Class == fromJson.Class && first.Reason == fromJson.Reason;
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>An independent oracle: the pseudo-code of seeds note 1.1 over the raw Table 1 figures (000:L57-70).</summary>
    [Fact]
    public void The_2003_set_agrees_with_the_notes_algorithm_over_the_raw_table()
    {
        // sector code → (employees lower, upper; revenue lower, upper; assets lower, upper or null)
        var table = new Dictionary<string, (int El, int Eu, decimal Rl, decimal Ru, decimal? Al, decimal? Au)>
        {
            ["C3511"] = (300, 2000, 30e6m, 300e6m, 40e6m, 400e6m),
            ["E47"] = (600, 3000, 30e6m, 300e6m, 40e6m, 400e6m),
            ["F51"] = (100, 200, 30e6m, 300e6m, null, null),
            ["F52"] = (100, 500, 10e6m, 150e6m, null, null),
            ["G54"] = (500, 3000, 30e6m, 300e6m, null, null),
            ["G60"] = (400, 1000, 30e6m, 300e6m, null, null),
            ["H61"] = (400, 800, 30e6m, 150e6m, null, null),
        };
        var cases = from code in Gen.Elements(CoveredCodes)
                    from figures in Figures
                    select (code, figures);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var t = table[c.code];
            var f = c.figures;
            var isSme = f.Employees <= t.Eu || f.AnnualRevenue <= t.Ru || (t.Au is { } au && f.TotalAssets <= au);
            var isMedium = isSme && f.Employees >= t.El && f.AnnualRevenue >= t.Rl && (t.Al is not { } al || f.TotalAssets >= al);
            var expected = !isSme ? SizeClass.Large : isMedium ? SizeClass.Medium : SizeClass.Small;
            return SizeClassifier.Classify(SizeRuleSets.China2003, Code(c.code), f).Class == expected;
        }).QuickCheckThrowOnFailure();
    }
}
