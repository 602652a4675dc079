using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class EnterpriseFormsTests
{
    [Fact]
    public void Every_legal_form_of_the_sources_is_there_with_both_names()
    {
        Assert.Equal(
            ["collective", "cooperative-joint-venture", "equity-joint-venture", "individual-household", "joint-stock", "limited-liability",
             "partnership", "private", "state-owned", "town-village", "wholly-foreign-owned"],
            LegalForm.All.Select(f => f.Code).Order(StringComparer.Ordinal));
        Assert.All(LegalForm.All, f => Assert.False(string.IsNullOrWhiteSpace(f.NameEn) || string.IsNullOrWhiteSpace(f.NameZh)));
        Assert.All(LegalForm.All, f => Assert.All(f.AllowedOwnership, o => Assert.NotNull(OwnershipType.Find(o))));
    }

    [Fact]
    public void Individual_households_are_kept_apart_from_legal_person_enterprises()
    {
        var households = LegalForm.All.Where(f => f.Category == EnterpriseCategory.IndividualHousehold).Select(f => f.Code);
        Assert.Equal(["individual-household"], households);
        Assert.Equal("个体工商户", LegalForm.Find("Individual-Household")!.NameZh);
    }

    [Fact]
    public void The_ownership_types_of_the_study_are_there() =>
        Assert.Equal(["collective", "foreign", "hk-macao-taiwan", "personal", "private", "state"],
            OwnershipType.All.Select(o => o.Code).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("limited-liability", "state")]
    [InlineData("limited-liability", "foreign")]
    [InlineData("individual-household", "personal")]
    [InlineData("equity-joint-venture", "hk-macao-taiwan")]
    [InlineData(" state-owned ", "STATE")]
    public void Consistent_pairs_are_accepted(string form, string ownership)
    {
        var (legalForm, ownershipType, errors) = EnterpriseForms.Validate(form, ownership);
        Assert.Empty(errors);
        Assert.NotNull(legalForm);
        Assert.NotNull(ownershipType);
    }

    [Theory]
    [InlineData("individual-household", "state", "ownershipType")]
    [InlineData("state-owned", "private", "ownershipType")]
    [InlineData("wholly-foreign-owned", "collective", "ownershipType")]
    [InlineData("gmbh", "private", "legalForm")]
    [InlineData(null, "private", "legalForm")]
    [InlineData("private", "martian", "ownershipType")]
    public void Unknown_or_contradictory_pairs_are_field_errors(string? form, string ownership, string field)
    {
        var (legalForm, _, errors) = EnterpriseForms.Validate(form, ownership);
        Assert.Null(legalForm);
        Assert.Equal([field], errors.Keys);
    }
}
