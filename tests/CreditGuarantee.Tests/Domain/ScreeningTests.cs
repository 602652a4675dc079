using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class ScreeningTests
{
    private static readonly GuaranteeConfiguration Config = TestData.Config;
    private const decimal Guaranteed = 1_020_000m;

    private static ScreeningResult Screen(ScreeningFacts? facts = null, ScreeningSubject? subject = null, decimal guaranteed = Guaranteed) =>
        Screening.Screen(Config, subject ?? TestData.Subject, facts ?? TestData.Facts, guaranteed);

    private static IEnumerable<string> FailedCodes(ScreeningResult r) => r.Failures.Select(f => f.Code);

    [Fact]
    public void The_worked_example_passes_every_rule_and_reports_each()
    {
        var result = Screen();
        Assert.True(result.Passed);
        Assert.Equal(
            [ScreeningCodes.Registered, ScreeningCodes.Active, ScreeningCodes.Sme, ScreeningCodes.NotInDefault, ScreeningCodes.NoSplitting,
             ScreeningCodes.EnterpriseCeiling, ScreeningCodes.FundLeverage, ScreeningCodes.BankAgreement, ScreeningCodes.BankCap,
             ScreeningCodes.IndustryConcentration, ScreeningCodes.WardConcentration],
            result.Checks.Select(c => c.Code));
        Assert.Equal("Industry section C would hold 34.45% of outstanding guarantees, within its limit of 40%.",
            result.Checks.Single(c => c.Code == ScreeningCodes.IndustryConcentration).Text);
    }

    [Fact]
    public void An_unregistered_enterprise_fails_without_a_separate_activity_check()
    {
        var result = Screen(TestData.Facts with { Registration = RegistrationStatus.NotRegistered });
        Assert.Equal([ScreeningCodes.Registered], FailedCodes(result));
        Assert.DoesNotContain(result.Checks, c => c.Code == ScreeningCodes.Active);
    }

    [Fact]
    public void When_the_register_gives_no_size_class_the_sme_rule_says_it_was_not_verified_and_leaves_it_to_the_examiner()
    {
        var check = Screen(TestData.Facts with { SizeClass = null, SizeClassNotProvided = true }).Checks.Single(c => c.Code == ScreeningCodes.Sme);
        Assert.True(check.Passed);
        Assert.StartsWith("Not verified automatically", check.Text, StringComparison.Ordinal);

        // A class the register does give still decides: a large enterprise fails even then.
        Assert.False(Screen(TestData.Facts with { SizeClass = SizeClass.Large, SizeClassNotProvided = true })
            .Checks.Single(c => c.Code == ScreeningCodes.Sme).Passed);
    }

    [Fact]
    public void An_inactive_enterprise_fails() =>
        Assert.Equal([ScreeningCodes.Active], FailedCodes(Screen(TestData.Facts with { Registration = RegistrationStatus.Inactive })));

    [Theory]
    [InlineData(SizeClass.Micro, true)]
    [InlineData(SizeClass.Medium, true)]
    [InlineData(SizeClass.Large, false)]
    [InlineData(null, false)]
    public void Only_smes_under_the_current_rule_set_pass(SizeClass? size, bool passes)
    {
        var check = Screen(TestData.Facts with { SizeClass = size }).Checks.Single(c => c.Code == ScreeningCodes.Sme);
        Assert.Equal(passes, check.Passed);
        Assert.Contains("cn-2003", check.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_enterprise_in_default_anywhere_fails() =>
        Assert.Equal([ScreeningCodes.NotInDefault], FailedCodes(Screen(TestData.Facts with { InDefaultAnywhere = true })));

    [Theory]
    [InlineData(0, ApplicationState.UnderExamination, false)]
    [InlineData(90, ApplicationState.Submitted, false)]
    [InlineData(90, ApplicationState.Active, false)]
    [InlineData(91, ApplicationState.Submitted, true)]
    [InlineData(10, ApplicationState.Declined, true)]
    [InlineData(10, ApplicationState.Withdrawn, true)]
    public void Another_application_within_90_days_at_any_bank_is_a_possible_split(int daysBefore, ApplicationState state, bool passes)
    {
        var other = new OtherApplication(Guid.CreateVersion7(), TestData.BankB, TestData.Today.AddDays(-daysBefore), state);
        var check = Screen(TestData.Facts with { OtherApplications = [other] }).Checks.Single(c => c.Code == ScreeningCodes.NoSplitting);
        Assert.Equal(passes, check.Passed);
        if (!passes)
        {
            Assert.Contains($"at {TestData.BankB} on {other.SubmittedOn:yyyy-MM-dd}", check.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>Every check, passed or failed, as the bank reads it: no other bank, no other application, no fund figure.</summary>
    [Theory]
    [InlineData(1_020_000)]
    [InlineData(4_990_000)]
    [InlineData(60_000_000)]
    public void A_bank_reads_no_other_banks_business_and_none_of_the_funds_totals(int guaranteed)
    {
        var other = new OtherApplication(Guid.CreateVersion7(), TestData.BankB, TestData.Today.AddDays(-3), ApplicationState.UnderExamination);
        var result = Screen(TestData.Facts with { OtherApplications = [other] }, guaranteed: guaranteed);
        Assert.Contains(result.Checks, c => BankDisclosure.FundOnly.Contains(c.Code) && c.Text.Any(char.IsDigit));
        foreach (var check in result.Checks.Select(BankDisclosure.ForBank))
        {
            Assert.DoesNotContain(TestData.BankB, check.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(other.ApplicationId.ToString(), check.Text, StringComparison.Ordinal);
            if (BankDisclosure.FundOnly.Contains(check.Code))
            {
                Assert.False(check.Text.Any(char.IsDigit), check.Text);
            }
        }
    }

    [Fact]
    public void The_application_itself_is_not_its_own_split()
    {
        var itself = new OtherApplication(TestData.Subject.ApplicationId, TestData.BankA, TestData.Today, ApplicationState.Screening);
        Assert.True(Screen(TestData.Facts with { OtherApplications = [itself] }).Passed);
    }

    [Theory]
    [InlineData("3980000", true)]
    [InlineData("3980000.01", false)]
    public void The_enterprise_ceiling_is_inclusive(string outstanding, bool passes)
    {
        var facts = TestData.Facts with { Exposure = TestData.Exposure with { Enterprise = decimal.Parse(outstanding, null) } };
        var check = Screen(facts).Checks.Single(c => c.Code == ScreeningCodes.EnterpriseCeiling);
        Assert.Equal(passes, check.Passed);
        if (!passes)
        {
            Assert.Equal("The enterprise's outstanding guarantees would be CNY 5,000,000.01, above the per-enterprise ceiling of CNY 5,000,000 by CNY 0.01.", check.Text);
        }
    }

    [Theory]
    [InlineData("998980000", true)]
    [InlineData("998980000.01", false)]
    public void Leverage_allows_outstanding_guarantees_up_to_ten_times_capital(string fund, bool passes)
    {
        var exposure = TestData.Exposure with { Fund = decimal.Parse(fund, null) };
        Assert.Equal(passes, Screen(TestData.Facts with { Exposure = exposure }).Checks.Single(c => c.Code == ScreeningCodes.FundLeverage).Passed);
    }

    [Fact]
    public void A_bank_without_an_agreement_in_force_fails_and_has_no_cap_check()
    {
        var result = Screen(subject: TestData.Subject with { SubmittedOn = new DateOnly(2027, 1, 1) });
        Assert.Equal([ScreeningCodes.BankAgreement], FailedCodes(result));
        Assert.DoesNotContain(result.Checks, c => c.Code == ScreeningCodes.BankCap);
        Assert.Equal([ScreeningCodes.BankAgreement], FailedCodes(Screen(subject: TestData.Subject with { BankId = "bank-z" })));
    }

    [Theory]
    [InlineData("48980000", true)]
    [InlineData("48980000.01", false)]
    public void The_bank_cap_is_inclusive(string bank, bool passes)
    {
        var exposure = TestData.Exposure with { Bank = decimal.Parse(bank, null) };
        Assert.Equal(passes, Screen(TestData.Facts with { Exposure = exposure }).Checks.Single(c => c.Code == ScreeningCodes.BankCap).Passed);
    }

    [Fact]
    public void Concentration_is_a_share_of_outstanding_after_the_new_guarantee_up_to_the_limit_inclusive()
    {
        // Fund after = 60,000,000 + 1,020,000 = 61,020,000; 40% of it = 24,408,000.
        var atLimit = TestData.Exposure with { IndustrySection = 24_408_000m - Guaranteed };
        Assert.True(Screen(TestData.Facts with { Exposure = atLimit }).Passed);
        var above = atLimit with { IndustrySection = atLimit.IndustrySection + 0.01m };
        Assert.Equal([ScreeningCodes.IndustryConcentration], FailedCodes(Screen(TestData.Facts with { Exposure = above })));
    }

    [Fact]
    public void A_section_override_replaces_the_default_limit()
    {
        var config = Config with { Concentration = Config.Concentration with { IndustrySectionShares = new Dictionary<char, decimal> { ['C'] = 0.30m } } };
        var result = Screening.Screen(config, TestData.Subject, TestData.Facts, Guaranteed);
        Assert.Equal([ScreeningCodes.IndustryConcentration], FailedCodes(result));
        Assert.Contains("above its limit of 30%", result.Failures[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Concentration_limits_wait_until_the_portfolio_reaches_its_threshold()
    {
        var small = new ExposureSnapshot(Fund: 0m, Enterprise: 0m, Bank: 0m, IndustrySection: 0m, Ward: 0m);
        var result = Screen(TestData.Facts with { Exposure = small });
        Assert.True(result.Passed);
        Assert.Contains("apply once the fund's outstanding guarantees reach CNY 50,000,000", result.Checks.Single(c => c.Code == ScreeningCodes.WardConcentration).Text, StringComparison.Ordinal);
        var justAtThreshold = new ExposureSnapshot(Fund: 50_000_000m - Guaranteed, Enterprise: 0m, Bank: 0m, IndustrySection: 20_000_000m, Ward: 20_000_000m);
        Assert.Equal([ScreeningCodes.IndustryConcentration, ScreeningCodes.WardConcentration],
            FailedCodes(Screen(TestData.Facts with { Exposure = justAtThreshold })));
    }

    [Fact]
    public void Every_failed_rule_is_reported_at_once()
    {
        var facts = new ScreeningFacts(RegistrationStatus.Inactive, SizeClass.Large, "cn-2003", true,
            [new OtherApplication(Guid.CreateVersion7(), TestData.BankB, TestData.Today.AddDays(-30), ApplicationState.Approved)],
            new ExposureSnapshot(999_999_999m, 4_999_999m, 49_999_999m, 999_999_999m, 0m));
        Assert.Equal(
            [ScreeningCodes.Active, ScreeningCodes.Sme, ScreeningCodes.NotInDefault, ScreeningCodes.NoSplitting, ScreeningCodes.EnterpriseCeiling,
             ScreeningCodes.FundLeverage, ScreeningCodes.BankCap, ScreeningCodes.IndustryConcentration],
            FailedCodes(Screen(facts)));
    }
}
