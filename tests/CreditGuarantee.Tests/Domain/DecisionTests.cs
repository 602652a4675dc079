using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests.Domain;

public sealed class DecisionTests
{
    [Fact]
    public void Worked_example_6_the_full_decision_with_its_reasons()
    {
        Assert.Empty(GuaranteeDecisions.Validate(TestData.Config, TestData.DecisionInput));
        var decision = GuaranteeDecisions.Decide(TestData.Config, TestData.DecisionInput);

        Assert.Equal(("cgf-test", 3), (decision.ConfigurationId, decision.ConfigurationVersion));
        Assert.Equal(RiskGrade.Of(2), decision.Risk.Grade);
        Assert.Equal((0.85m, 1_020_000m), (decision.Coverage.Coverage, decision.Coverage.GuaranteedAmount));
        Assert.Equal(7_344.00m, decision.Fee.Fee);
        Assert.True(decision.WithinLimits);
        Assert.Equal(
            [
                "Risk grade 2 from 13 of 16 points (2 × 3 cash flow + 3 equity + 4 debt).",
                "Operating cash flow margin 5.83% (2025): at least 5% → 3 points (weight 2).",
                "Equity ratio 38.22% (2025): at least 25% → 3 points.",
                "EBITDA debt multiple 1.15 years (2025): at most 2 → 4 points.",
                "Diagnosis band B (2025-09-01, will improve with support): grade unchanged.",
                "Coverage 85%: loans up to CNY 1,200,000 in the standard programme. Guaranteed amount CNY 1,020,000.00 = CNY 1,200,000 × 85%, rounded down to the fen.",
                "Fee CNY 7,344.00 = 0.6% (grade 2) × CNY 1,020,000.00 guaranteed × 24/12 years × 0.6 (24 equal instalments, band 13–24), rounded down to the fen.",
                "Within every limit.",
                "Condition 1: The owner's personal guarantee is signed. Reason: Borrowings exceed one year of operating cash flow.",
                "Rules: configuration cgf-test v3.",
            ],
            decision.Reasons);
    }

    [Fact]
    public void A_consented_band_a_diagnosis_lowers_the_fee_by_one_grade()
    {
        var input = TestData.DecisionInput with { Diagnosis = new LatestDiagnosis(DiagnosisBand.A, new DateOnly(2025, 9, 1), true) };
        var decision = GuaranteeDecisions.Decide(TestData.Config, input);
        Assert.Equal((1, 0.0045m, 5_508.00m), (decision.Risk.Grade.Number, decision.Fee.AnnualRate, decision.Fee.Fee));
    }

    [Fact]
    public void A_breached_cap_makes_the_decision_not_approvable_and_says_which()
    {
        var input = TestData.DecisionInput with { Exposure = TestData.Exposure with { Bank = 49_000_000m } };
        var decision = GuaranteeDecisions.Decide(TestData.Config, input);
        Assert.False(decision.WithinLimits);
        Assert.Equal(ScreeningCodes.BankCap, Assert.Single(decision.Limits.Failures).Code);
        Assert.Contains("Bank bank-a's outstanding guarantees would be CNY 50,020,000.00, above the bank cap of CNY 50,000,000 by CNY 20,000.00.", decision.Reasons);
    }

    [Fact]
    public void A_decision_uses_the_configuration_it_is_given()
    {
        var v4 = TestData.Config with
        {
            Version = 4,
            CoverageProgrammes = [new("standard", "standard programme", [new(1_000_000m, 0.80m), new(null, 0.70m)])],
        };
        Assert.Empty(GuaranteeConfigurationValidator.Validate(v4));
        var decision = GuaranteeDecisions.Decide(v4, TestData.DecisionInput);
        Assert.Equal((4, 0.70m, 840_000m), (decision.ConfigurationVersion, decision.Coverage.Coverage, decision.Coverage.GuaranteedAmount));
    }

    [Fact]
    public void Bad_input_is_reported_field_by_field_and_never_decided()
    {
        var input = TestData.DecisionInput with
        {
            Loan = TestData.Loan with { LoanAmount = 0m },
            Statements = [TestData.Year2025 with { Sales = -1m }],
            Conditions = [new ProposedCondition("Sign.", "")],
        };
        Assert.Equal(["conditions[0]", "financialStatements[0].sales", "loanAmount"],
            GuaranteeDecisions.Validate(TestData.Config, input).Keys.Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => GuaranteeDecisions.Decide(TestData.Config, input));
    }
}
