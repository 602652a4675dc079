using SmePlatform.ClusterStats.Domain.Clusters;

namespace SmePlatform.ClusterStats.Tests.Domain;

public sealed class ClusterDraftTests
{
    private static ClusterDraft Valid() => new("auto-parts", null, "2027-01-01", "汽车零部件", "Automobile parts", ["C367", "C3391"], ["dadong", "tiexi"],
        [new MemberDraft(Guid.CreateVersion7(), "producer"), new MemberDraft(Guid.CreateVersion7(), "Transport")], "ProductionChain", "cultivation", "Endogenous");

    [Fact]
    public void A_valid_draft_is_version_one_or_the_next_version_with_enums_read_in_any_case()
    {
        var (first, errors) = Valid().Validate(null);
        Assert.Empty(errors);
        Assert.Equal(1, first!.Version);
        Assert.Equal([MemberRole.Producer, MemberRole.Transport], first.Members.Select(m => m.Role));
        Assert.Equal(GovernmentRole.Cultivation, first.GovernmentRole);
        Assert.False(first.Preset);

        var (second, _) = (Valid() with { EffectiveFrom = "2027-07-01" }).Validate(first);
        Assert.Equal(2, second!.Version);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var draft = new ClusterDraft("A", null, "2027-13-01", "", null, ["Z12", "C99", "C3", "C367", "C3670"], ["heping", "atlantis", "heping"],
            [new MemberDraft(null, "seller"), new MemberDraft(Guid.Empty, "1")], "cloud", "", "elsewhere");

        var (definition, errors) = draft.Validate(null);

        Assert.Null(definition);
        Assert.Equal(
            ["effectiveFrom", "governmentRole", "id", "industryCodes[0]", "industryCodes[1]", "industryCodes[2]", "industryCodes[4]", "members[0].enterpriseId",
                "members[0].role", "members[1].enterpriseId", "members[1].role", "nameEn", "nameZh", "origin", "pattern", "wards[1]", "wards[2]"],
            errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_version_that_would_overlap_the_latest_is_refused_on_its_day()
    {
        var (first, _) = Valid().Validate(null);
        var (same, errors) = Valid().Validate(first);
        Assert.Null(same);
        Assert.Equal(["effectiveFrom"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("C", true)]
    [InlineData("C36", true)]
    [InlineData("C367", true)]
    [InlineData("C3670", true)]
    [InlineData("I65", true)]
    [InlineData("C12", false)]
    [InlineData("U01", false)]
    [InlineData("C3", false)]
    [InlineData("C36701", false)]
    [InlineData("c36", false)]
    public void Industry_codes_are_GB_T_4754_at_any_level_with_the_division_in_its_section(string code, bool valid) =>
        Assert.Equal(valid, IndustryCodes.IsValid(code));

    [Fact]
    public void The_version_in_force_is_the_latest_that_has_started()
    {
        var (v1, _) = Valid().Validate(null);
        var (v2, _) = (Valid() with { EffectiveFrom = "2027-07-01" }).Validate(v1);
        Assert.Null(ClusterDefinition.InForce([v1!, v2!], new DateOnly(2026, 12, 31)));
        Assert.Equal(1, ClusterDefinition.InForce([v1!, v2!], new DateOnly(2027, 6, 30))!.Version);
        Assert.Equal(2, ClusterDefinition.InForce([v1!, v2!], new DateOnly(2027, 7, 1))!.Version);
    }
}
