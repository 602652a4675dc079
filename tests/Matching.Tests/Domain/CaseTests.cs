using FsCheck;
using FsCheck.Fluent;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Configuration;
using SmePlatform.Matching.Domain.Introductions;

namespace SmePlatform.Matching.Tests.Domain;

public sealed class CaseTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly StageRules Rules = StageRules.Preset;
    private static readonly FeeSchedule Fees = FeeSchedule.Preset;
    private static readonly ContractTerms Terms = new(1_000_000m, "CNY", new DateOnly(2026, 9, 1), "OEM supply");

    private static PartnershipCase Open() => PartnershipCase.Open(Guid.NewGuid(), Guid.NewGuid(), "i1", Opened);

    private static PartnershipCase Move(PartnershipCase c, CaseStage to) => Move(c, to, null);

    private static PartnershipCase Move(PartnershipCase c, CaseStage to, ContractTerms? terms) =>
        c.MoveTo(to, Rules, "i1", c.StageSince.AddDays(1), "docs", null, terms, Fees).Value!;

    [Fact]
    public void A_case_goes_from_enquiry_to_contract_dated_step_by_step_and_charges_the_schedule()
    {
        var c = Open();
        foreach (var stage in new[] { CaseStage.Nda, CaseStage.Samples, CaseStage.QAndA, CaseStage.FactoryVisit, CaseStage.Loi, CaseStage.FeasibilityStudy })
        {
            c = Move(c, stage);
        }

        c = Move(c, CaseStage.Contract, Terms);
        Assert.Equal(CaseStage.Contract, c.Stage);
        Assert.Equal(8, c.Steps.Count);
        Assert.Equal(Terms, c.Contract);
        Assert.Equal(500m + 5000m + 10_000m, c.FeeCharged); // NDA + FS + 1% of 1,000,000
        Assert.Equal("case-closed", c.MoveTo(CaseStage.Contract, Rules, "i", Opened, null, null, Terms, Fees).Errors[0].Code);
    }

    [Fact]
    public void Only_configured_stages_may_be_skipped_and_nothing_goes_back()
    {
        var atQa = Move(Move(Open(), CaseStage.Nda), CaseStage.QAndA); // samples may be skipped
        Assert.Equal(CaseStage.QAndA, atQa.Stage);

        var skipNda = Open().MoveTo(CaseStage.Samples, Rules, "i", Opened, null, null, null, Fees);
        Assert.Equal("stage-out-of-order", skipNda.Errors.Single().Code);
        Assert.Contains("Nda", skipNda.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("stage-out-of-order", atQa.MoveTo(CaseStage.Nda, Rules, "i", Opened, null, null, null, Fees).Errors[0].Code);
    }

    [Fact]
    public void A_contract_needs_its_terms_and_names_every_bad_one()
    {
        var atFs = new[] { CaseStage.Nda, CaseStage.QAndA, CaseStage.Loi, CaseStage.FeasibilityStudy }.Aggregate(Open(), Move);
        var bad = atFs.MoveTo(CaseStage.Contract, Rules, "i", Opened, null, null, new ContractTerms(0, "yuan", new DateOnly(2026, 1, 1), ""), Fees);

        Assert.Equal(["contract.contractType", "contract.currency", "contract.value"], bad.Errors.Select(e => e.Field!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_discontinued_case_keeps_its_decision_factor_and_moves_no_further()
    {
        var c = Open().Discontinue(DecisionFactor.Funds, "No working capital", "i1", Opened.AddDays(3)).Value!;

        Assert.Equal(CaseStage.Discontinued, c.Stage);
        Assert.Equal(DecisionFactor.Funds, c.Steps[^1].Reason);
        Assert.Equal("case-closed", c.Discontinue(DecisionFactor.Market, null, "i", Opened).Errors[0].Code);
    }

    [Fact]
    public void A_case_left_in_a_stage_past_its_limit_is_stalled()
    {
        var c = Open();
        Assert.False(c.IsStalled(Opened.AddDays(14), Rules));
        Assert.True(c.IsStalled(Opened.AddDays(15), Rules));
        Assert.False(Move(c, CaseStage.Nda).IsStalled(Opened.AddDays(15), Rules));
    }

    [Fact]
    public void The_contract_fee_stays_between_its_floor_and_cap()
    {
        Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), value =>
        {
            var fee = Fees.FeeFor(CaseStage.Contract, value);
            return fee >= Fees.ContractMinimum && fee <= Fees.ContractMaximum;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Follow_up_ratings_come_after_a_contract_when_due_once_per_side_each_1_to_5()
    {
        var signed = new[] { CaseStage.Nda, CaseStage.QAndA, CaseStage.Loi, CaseStage.FeasibilityStudy }.Aggregate(Open(), Move);
        signed = Move(signed, CaseStage.Contract, Terms);
        var due = new DateOnly(2026, 12, 1);
        var given = new FollowUpRating(FollowUp.Month3, Side.Needing, 4, 5, 3, Opened, "i1");

        Assert.Empty(FollowUpRating.Check(signed, [], FollowUp.Month3, Side.Needing, 4, 5, 3, due));
        Assert.Equal("follow-up-not-due", FollowUpRating.Check(signed, [], FollowUp.Month6, Side.Needing, 4, 5, 3, due)[0].Code);
        Assert.Equal("rating-already-recorded", FollowUpRating.Check(signed, [given], FollowUp.Month3, Side.Needing, 4, 5, 3, due)[0].Code);
        Assert.Equal("no-contract", FollowUpRating.Check(Open(), [], FollowUp.Month3, Side.Needing, 4, 5, 3, due)[0].Code);
        Assert.Equal(2, FollowUpRating.Check(signed, [], FollowUp.Month3, Side.Offering, 0, 6, 3, due).Count);
    }
}
