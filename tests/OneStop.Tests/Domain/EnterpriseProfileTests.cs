using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class EnterpriseProfileTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static RegisterEnterpriseRequest Full() => EnterpriseRegistrationTests.Valid() with
    {
        NameEn = " Shenyang Precision ", LegalRepresentative = "王建国", Address = "和平区南京北街1号", LegalForm = "limited-liability",
        OwnershipType = "private", FoundingDate = new DateOnly(2012, 5, 8), RegisteredCapital = 5_000_000m, ContactPhone = "(024) 2345-6789",
    };

    [Fact]
    public void The_original_seven_fields_alone_give_no_profile()
    {
        var (registration, errors) = EnterpriseRegistration.Validate(EnterpriseRegistrationTests.Valid(), Today);
        Assert.Empty(errors);
        Assert.Null(registration!.Profile);
        Assert.Same(EnterpriseProfile.Empty, registration.ProfileOrEmpty);
    }

    [Fact]
    public void A_full_profile_is_normalised_and_its_category_derived_from_the_legal_form()
    {
        var (registration, errors) = EnterpriseRegistration.Validate(Full(), Today);
        Assert.Empty(errors);
        var profile = registration!.Profile!;
        Assert.Equal("Shenyang Precision", profile.NameEn);
        Assert.Equal(EnterpriseCategory.LegalPersonEnterprise, profile.Category);
        Assert.Equal("02423456789", profile.ContactPhone);
        Assert.Equal("limited-liability", profile.LegalForm);
    }

    [Fact]
    public void Every_bad_profile_field_is_reported_at_once_with_the_required_ones()
    {
        var request = Full() with
        {
            Name = "", LegalForm = "individual-household", OwnershipType = "state", Category = "cooperative",
            FoundingDate = Today.AddDays(1), RegisteredCapital = -5m, ContactPhone = "call me", Address = new string('a', 301),
        };
        var (registration, errors) = EnterpriseRegistration.Validate(request, Today);
        Assert.Null(registration);
        Assert.Equal(["address", "category", "contactPhone", "foundingDate", "name", "ownershipType", "registeredCapital"], errors.Keys.Order());
    }

    [Fact]
    public void A_category_may_be_given_without_a_legal_form_but_never_against_it()
    {
        Assert.Equal(EnterpriseCategory.IndividualHousehold, EnterpriseRegistration.Validate(
            EnterpriseRegistrationTests.Valid() with { Category = "individual-household" }, Today).Registration!.Profile!.Category);
        Assert.Contains("category", EnterpriseRegistration.Validate(
            Full() with { Category = "individual-household" }, Today).Errors.Keys);
    }

    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("0086 13800138000", "13800138000")]
    [InlineData("024-23456789", "02423456789")]
    [InlineData("2345678", "2345678")]
    [InlineData("123456", null)]
    [InlineData("1380013800012345", null)]
    [InlineData("138 0013 800x", null)]
    [InlineData("1+3800138000", null)]
    public void Phones_are_compared_as_digits_without_the_country_prefix(string input, string? expected) =>
        Assert.Equal(expected, EnterpriseNames.NormalisePhone(input));

    [Theory]
    [InlineData("沈阳精工机械有限公司", "精工机械")]
    [InlineData("沈阳市精工机械股份有限公司", "精工机械")]
    [InlineData(" 沈阳 精工·机械 有限责任公司 ", "精工机械")]
    [InlineData("Shenyang Precision Machinery Co., Ltd.", "precisionmachinery")]
    [InlineData("沈阳有限公司", "沈阳有限公司")]
    [InlineData("和平区老张修车铺", "和平区老张修车铺")]
    public void Name_keys_drop_what_every_enterprise_of_the_city_shares(string name, string key) =>
        Assert.Equal(key, EnterpriseNames.Key(name));
}
