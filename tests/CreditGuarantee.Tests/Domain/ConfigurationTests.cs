using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class ConfigurationTests
{
    private static readonly GuaranteeConfiguration Preset = GuaranteeConfiguration.Preset;

    [Fact]
    public void The_preset_and_the_test_configuration_are_valid()
    {
        Assert.Empty(GuaranteeConfigurationValidator.Validate(Preset));
        Assert.Empty(GuaranteeConfigurationValidator.Validate(TestData.Config));
    }

    [Fact]
    public void The_preset_holds_the_domain_presets()
    {
        var standard = Preset.FindProgramme("standard")!;
        Assert.Equal([(1_200_000m, 0.85m), (0m, 0.75m)], standard.Bands.Select(b => (b.UpToLoanAmount ?? 0m, b.Coverage)));
        Assert.Equal(0.50m, Assert.Single(Preset.FindProgramme("EXPRESS")!.Bands).Coverage);
        Assert.Equal([0.0045m, 0.0060m, 0.0080m, 0.0100m, 0.0115m, 0.0135m, 0.0155m, 0.0175m, 0.0190m], Preset.Fees.AnnualRateByGrade);
        Assert.Equal(0.0115m, Preset.Fees.NoBalanceSheetRate);
        Assert.Equal([0.70m, 0.65m, 0.60m, 0.55m], Preset.Instalments.EqualInstalments.Select(b => b.Factor));
        Assert.Equal(1.00m, Preset.Instalments.Bullet);
        Assert.Equal(10m, Preset.Fund.LeverageMultiple);
        Assert.Equal(1_000_000_000m, Preset.Fund.GuaranteeCapacity);
        Assert.Equal(60, Preset.Workflow.DefaultTriggerDaysPastDue);
        Assert.Equal(90, Preset.Workflow.AntiSplittingWindowDays);
        Assert.Equal(16, Preset.Grading.MaxPoints);
    }

    [Fact]
    public void Rates_must_ascend_by_grade()
    {
        var rates = Preset.Fees.AnnualRateByGrade.ToArray();
        (rates[4], rates[5]) = (rates[5], rates[4]);
        var errors = GuaranteeConfigurationValidator.Validate(Preset with { Fees = Preset.Fees with { AnnualRateByGrade = rates } });
        Assert.Equal(["fees.annualRateByGrade[5]"], errors.Keys);
        Assert.Contains("grade 6", errors["fees.annualRateByGrade[5]"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_rates_are_not_nine_grades() =>
        Assert.Contains("fees.annualRateByGrade", GuaranteeConfigurationValidator.Validate(
            Preset with { Fees = Preset.Fees with { AnnualRateByGrade = Preset.Fees.AnnualRateByGrade.Take(8).ToArray() } }).Keys);

    [Fact]
    public void Coverage_bands_must_be_contiguous_ascending_and_end_open()
    {
        var bad = Preset with
        {
            CoverageProgrammes =
            [
                new("standard", "standard programme", [new(2_000_000m, 0.85m), new(1_000_000m, 0.80m), new(null, 0.75m)]),
                new("express", "express programme", [new(null, 0.50m), new(500_000m, 1.2m)]),
                new("EXPRESS", "duplicate", [new(null, 0.5m)]),
            ],
        };
        var errors = GuaranteeConfigurationValidator.Validate(bad);
        Assert.Equal(
            ["coverageProgrammes[0].bands[1].upToLoanAmount", "coverageProgrammes[1].bands[0].upToLoanAmount",
             "coverageProgrammes[1].bands[1].coverage", "coverageProgrammes[1].bands[1].upToLoanAmount", "coverageProgrammes[2].code"],
            errors.Keys.Order());
    }

    [Fact]
    public void The_standard_programme_is_required() =>
        Assert.Contains("coverageProgrammes", GuaranteeConfigurationValidator.Validate(
            Preset with { CoverageProgrammes = [Preset.CoverageProgrammes[1]] }).Keys);

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var bad = Preset with
        {
            Id = " ",
            Version = 0,
            Fund = new FundLimits(0m, -1m, 0.001m),
            PartnerAgreements = [new("", new DateOnly(2026, 6, 1), new DateOnly(2026, 1, 1), 0m)],
            Concentration = Preset.Concentration with { DefaultWardShare = 1.5m, AppliesFromOutstanding = -1m },
            Fees = Preset.Fees with { NoBalanceSheetRate = 0m },
            Instalments = new InstalmentFactors(0m, [new(6, 0.60m), new(12, 0.65m), new(null, 0.55m)]),
            Grading = Preset.Grading with { OcfWeight = 0, GradeMinimumPoints = [15, 13, 13, 9, 7, 5, 3, 1, 1] },
            Workflow = new WorkflowRules(0m, 0, -1),
        };
        var errors = GuaranteeConfigurationValidator.Validate(bad);
        Assert.Equal(
            [
                "concentration.appliesFromOutstanding", "concentration.defaultWardShare", "fees.noBalanceSheetRate", "fund.capital",
                "fund.enterpriseCeiling", "fund.leverageMultiple", "grading.gradeMinimumPoints[0]", "grading.gradeMinimumPoints[2]", "grading.gradeMinimumPoints[8]",
                "grading.ocfWeight", "id", "instalments.bullet", "instalments.equalInstalments[1].factor",
                "partnerAgreements[0].bankId", "partnerAgreements[0].cap", "partnerAgreements[0].end", "version",
                "workflow.antiSplittingWindowDays", "workflow.defaultTriggerDaysPastDue", "workflow.secondExaminerAboveLoanAmount",
            ],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, errors["grading.gradeMinimumPoints[8]"].Length);
    }

    [Fact]
    public void Two_agreements_of_one_bank_may_not_overlap_but_may_follow_each_other()
    {
        var overlapping = TestData.Config with
        {
            PartnerAgreements = [.. TestData.Config.PartnerAgreements, new(TestData.BankA, new DateOnly(2026, 12, 31), null, 1m)],
        };
        Assert.Equal(["partnerAgreements[2].start"], GuaranteeConfigurationValidator.Validate(overlapping).Keys);

        var following = TestData.Config with
        {
            PartnerAgreements = [.. TestData.Config.PartnerAgreements, new(TestData.BankA, new DateOnly(2027, 1, 1), null, 1m)],
        };
        Assert.Empty(GuaranteeConfigurationValidator.Validate(following));
    }

    [Fact]
    public void Score_bands_must_be_ordered_best_first()
    {
        var errors = GuaranteeConfigurationValidator.Validate(Preset with
        {
            Grading = Preset.Grading with { DebtMultiple = [new(5m, 4), new(2m, 3)], EquityRatio = [new(0.25m, 4), new(0.40m, 4)] },
        });
        Assert.Equal(["grading.debtMultiple[1].bound", "grading.equityRatio[1].bound", "grading.equityRatio[1].points"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Partner_agreements_are_in_force_from_start_to_end_inclusive()
    {
        var config = TestData.Config;
        Assert.Null(config.AgreementOf(TestData.BankA, new DateOnly(2025, 12, 31)));
        Assert.NotNull(config.AgreementOf(TestData.BankA, new DateOnly(2026, 1, 1)));
        Assert.NotNull(config.AgreementOf(TestData.BankA, new DateOnly(2026, 12, 31)));
        Assert.Null(config.AgreementOf(TestData.BankA, new DateOnly(2027, 1, 1)));
        Assert.NotNull(config.AgreementOf(TestData.BankB, new DateOnly(2040, 1, 1)));
    }
}
