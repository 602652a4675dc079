using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class EnterpriseRegistrationTests
{
    public static RegisterEnterpriseRequest Valid() =>
        new("91350100M000100Y43", " 沈阳精工机械有限公司 ", "Heping", "c3511", 120, 45_000_000m, 30_000_000.50m);

    [Fact]
    public void A_valid_request_is_normalised()
    {
        var (registration, errors) = EnterpriseRegistration.Validate(Valid());
        Assert.Empty(errors);
        Assert.Equal("沈阳精工机械有限公司", registration!.Name);
        Assert.Equal("heping", registration.Ward.Code);
        Assert.Equal("C3511", registration.IndustryCode.Value);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var (registration, errors) = EnterpriseRegistration.Validate(
            new RegisterEnterpriseRequest("91350100M000100Y44", "", "beijing", "C99", -1, -5m, 1.234m));
        Assert.Null(registration);
        Assert.Equal(["annualRevenue", "employees", "industryCode", "name", "totalAssets", "uscc", "ward"], errors.Keys.Order());
    }

    [Fact]
    public void Missing_fields_are_required()
    {
        var (_, errors) = EnterpriseRegistration.Validate(new RegisterEnterpriseRequest(null, null, null, null, null, null, null));
        Assert.Equal(7, errors.Count);
        Assert.Contains("required", errors["employees"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_employees_and_zero_revenue_are_allowed_for_a_new_enterprise()
    {
        var (registration, _) = EnterpriseRegistration.Validate(Valid() with { Employees = 0, AnnualRevenue = 0, TotalAssets = 0 });
        Assert.NotNull(registration);
    }

    [Fact]
    public void Absurd_amounts_are_rejected() =>
        Assert.Contains("totalAssets", EnterpriseRegistration.Validate(Valid() with { TotalAssets = 1e16m }).Errors.Keys);

    [Fact]
    public void Every_ward_has_a_distinct_code_and_division() =>
        Assert.Equal(13, Ward.All.Select(w => (w.Code, w.DivisionCode)).Distinct().Count(w => w.Code.Length > 0 && w.DivisionCode.Length == 6));
}
