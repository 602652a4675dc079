using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class SizeRuleSetValidatorTests
{
    private static readonly SizeRuleSet China2003 = SizeRuleSets.China2003;

    private static SizeRuleSet WithIndustry(Func<SizeSector, SizeSector> change) =>
        China2003 with { Sectors = [change(China2003.Sectors[0]), .. China2003.Sectors.Skip(1)] };

    private static SizeRuleSet WithIndustryBoundary(int index, Func<ClassBoundary, ClassBoundary> change) =>
        WithIndustry(s => s with { Boundaries = s.Boundaries.Select((b, i) => i == index ? change(b) : b).ToList() });

    [Fact]
    public void The_presets_are_valid()
    {
        foreach (var ruleSet in SizeRuleSets.All)
        {
            Assert.Empty(SizeRuleSetValidator.Validate(ruleSet));
        }
    }

    [Fact]
    public void The_2003_money_limits_are_written_in_ten_thousand_yuan_and_mean_yuan()
    {
        var medium = China2003.Sectors[0].Boundaries[0].Thresholds.Single(t => t.Indicator == SizeIndicator.AnnualRevenue);
        Assert.Equal((3_000m, UnitScale.TenThousand), (medium.Value, medium.Scale));
        Assert.Equal(30_000_000m, medium.Limit);
    }

    [Fact]
    public void Boundaries_out_of_order_are_rejected() =>
        Assert.Contains("sectors[0].boundaries",
            SizeRuleSetValidator.Validate(WithIndustry(s => s with { Boundaries = [.. s.Boundaries.Reverse()] })).Keys);

    [Fact]
    public void A_gap_between_classes_is_rejected()
    {
        var errors = SizeRuleSetValidator.Validate(WithIndustry(s => s with { BaseClass = SizeClass.Micro }));
        Assert.Contains("expected small, medium, large, found medium, large", errors["sectors[0].boundaries"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Boundaries_that_stop_below_large_are_rejected() =>
        Assert.Contains("sectors[0].boundaries",
            SizeRuleSetValidator.Validate(WithIndustry(s => s with { Boundaries = [s.Boundaries[0]] })).Keys);

    [Fact]
    public void Limits_must_ascend_from_one_class_to_the_next()
    {
        var errors = SizeRuleSetValidator.Validate(WithIndustryBoundary(1, b => b with
        {
            Thresholds = [b.Thresholds[0] with { Value = 300 }, .. b.Thresholds.Skip(1)],
        }));
        Assert.Equal(["sectors[0].boundaries[1].thresholds[0].value"], errors.Keys);
    }

    [Fact]
    public void Limits_compare_in_whole_units_not_as_written()
    {
        // 0.3 hundred-million (30 million) for the SME upper limit is below the medium lower limit of 3,000 × 10,000 = 30 million.
        var errors = SizeRuleSetValidator.Validate(WithIndustryBoundary(1, b => b with
        {
            Thresholds = [b.Thresholds[0], b.Thresholds[1] with { Value = 0.3m, Scale = UnitScale.HundredMillion }, b.Thresholds[2]],
        }));
        Assert.Equal(["sectors[0].boundaries[1].thresholds[1].value"], errors.Keys);
    }

    [Fact]
    public void Indicators_are_known_once_per_boundary_with_a_fitting_unit()
    {
        var errors = SizeRuleSetValidator.Validate(WithIndustryBoundary(0, b => b with
        {
            Thresholds =
            [
                b.Thresholds[0] with { Scale = UnitScale.Thousand },
                b.Thresholds[1] with { Indicator = (SizeIndicator)42 },
                b.Thresholds[2] with { Indicator = SizeIndicator.Employees, Value = 0, Scale = UnitScale.One },
            ],
        }));
        // 300 thousand persons as the medium lower limit is also above the SME upper limit of 2,000: limits compare in units.
        Assert.Equal(
            ["sectors[0].boundaries[0].thresholds[0].scale", "sectors[0].boundaries[0].thresholds[1].indicator",
             "sectors[0].boundaries[0].thresholds[2].indicator", "sectors[0].boundaries[0].thresholds[2].value",
             "sectors[0].boundaries[1].thresholds[0].value"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_industry_code_belongs_to_one_sector_only()
    {
        var overlapping = China2003 with
        {
            Sectors = [.. China2003.Sectors.Select(s => s.Code == "construction" ? s with { IndustryCodes = ["E", "C35"] } : s)],
        };
        var errors = SizeRuleSetValidator.Validate(overlapping);
        Assert.Contains("already covered by C", Assert.Single(errors).Value[0], StringComparison.Ordinal);
        Assert.Equal("sectors[1].industryCodes[1]", errors.Keys.Single());
    }

    [Fact]
    public void Every_error_is_reported_at_once_keyed_by_field()
    {
        var bad = China2003 with
        {
            Id = "",
            Version = 0,
            Name = " ",
            Jurisdiction = "china",
            Currency = "cny",
            EffectiveTo = China2003.EffectiveFrom,
            Sectors = [China2003.Sectors[0] with { IndustryCodes = ["Z9", "c13"] }, China2003.Sectors[0]],
        };
        var errors = SizeRuleSetValidator.Validate(bad);
        Assert.Equal(
            ["currency", "effectiveTo", "id", "jurisdiction", "name", "sectors[0].industryCodes[0]", "sectors[0].industryCodes[1]",
             "sectors[1].code", "version"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rule_set_without_sectors_is_rejected() =>
        Assert.Contains("sectors", SizeRuleSetValidator.Validate(China2003 with { Sectors = [] }).Keys);
}

public sealed class SizeRuleSetJsonTests
{
    [Fact]
    public void A_rule_set_round_trips_through_JSON()
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.China2003);
        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        Assert.Empty(errors);
        Assert.Equal(json, SizeRuleSetJson.Serialize(ruleSet!));
        Assert.Equal(SizeRuleSets.China2003.Sectors.Count, ruleSet!.Sectors.Count);
    }

    [Fact]
    public void The_stored_form_is_readable_by_the_SME_Office()
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.China2003);
        Assert.Contains("\"indicator\": \"annual-revenue\"", json, StringComparison.Ordinal);
        Assert.Contains("\"scale\": \"ten-thousand\"", json, StringComparison.Ordinal);
        Assert.Contains("\"inclusivity\": \"exclusive\"", json, StringComparison.Ordinal);
        Assert.Contains("\"combination\": \"all\"", json, StringComparison.Ordinal);
        Assert.Contains("\"effectiveFrom\": \"2003-02-19\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"limit\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_indicator_is_a_field_error_not_an_exception()
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.Nbs1999).Replace("\"total-assets\"", "\"headcount\"", StringComparison.Ordinal);
        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        Assert.Null(ruleSet);
        Assert.Equal("sectors[0].boundaries[0].thresholds[1].indicator", Assert.Single(errors).Key);
    }

    [Fact]
    public void An_indicator_given_as_a_number_is_refused()
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.Nbs1999).Replace("\"total-assets\"", "2", StringComparison.Ordinal);
        Assert.Null(SizeRuleSetJson.Deserialize(json).RuleSet);
    }

    [Theory]
    [InlineData("\"currency\": \"CNY\",", "")]
    [InlineData("\"currency\": \"CNY\"", "\"currency\": null")]
    [InlineData("\"version\": 1,", "\"version\": 1, \"colour\": \"red\",")]
    public void Missing_null_or_unknown_fields_are_refused(string find, string replace)
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.Nbs1999);
        Assert.Contains(find, json, StringComparison.Ordinal);
        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json.Replace(find, replace, StringComparison.Ordinal));
        Assert.Null(ruleSet);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void A_stored_rule_set_that_breaks_a_rule_is_reported_by_the_validator()
    {
        var json = SizeRuleSetJson.Serialize(SizeRuleSets.Nbs1999).Replace("\"value\": 500", "\"value\": 5", StringComparison.Ordinal);
        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        Assert.Null(ruleSet);
        Assert.Equal(["sectors[0].boundaries[1].thresholds[0].value", "sectors[0].boundaries[1].thresholds[1].value"], errors.Keys.Order());
    }

    [Fact]
    public void Not_json_at_all_is_a_root_error() =>
        Assert.Equal("$", Assert.Single(SizeRuleSetJson.Deserialize("{ not json").Errors).Key);
}
