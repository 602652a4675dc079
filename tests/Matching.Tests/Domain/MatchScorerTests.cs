using FsCheck;
using FsCheck.Fluent;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Tests.Domain;

public sealed class MatchScorerTests
{
    private static readonly ProcessCapacity Cnc = new("CNC machining", "5-axis centres", new Quantity(2000, CapacityUnit.MachineHoursPerMonth));

    private static MatchScore Score(Listing need, Listing offer, string needWard = "tiexi", string offerWard = "tiexi", string[]? certs = null,
        int[]? ratings = null) =>
        MatchScorer.Score(new NeedSide(need, needWard), new OfferSide(offer, offerWard, [Cnc], certs ?? ["IATF 16949"], ratings ?? []),
            ScoreWeights.Preset, 1);

    [Fact]
    public void A_perfect_match_in_the_same_ward_scores_the_weights_less_half_the_ratings_weight_without_history()
    {
        var score = Score(Listings.Need(), Listings.Offer());

        Assert.Equal(98, score.Score); // ratings: neutral 0.5 of 5 → 3 (rounded away from zero)
        Assert.Equal(["types", "industry", "processes", "capacity", "certifications", "distance", "ratings"], score.Reasons.Select(r => r.Component));
        Assert.Contains("complementary", score.Reasons[0].Reason, StringComparison.Ordinal);
        Assert.Equal(score.Score, score.Reasons.Sum(r => r.Points));
    }

    [Theory]
    [InlineData("C3670", 20)]  // same class
    [InlineData("C3679", 15)]  // same group C367
    [InlineData("C3610", 10)]  // same division C36
    [InlineData("C1711", 5)]   // same section C
    [InlineData("F5174", 0)]   // another section
    public void Industry_relation_ranks_class_above_group_above_division_above_section(string offerIndustry, int points)
    {
        var score = Score(Listings.Need(industry: "C3670"), Listings.Offer(industry: offerIndustry));

        Assert.Equal(points, score.Reasons.Single(r => r.Component == "industry").Points);
    }

    [Theory]
    [InlineData("tiexi", 10)]     // same ward
    [InlineData("yuhong", 7)]     // borders Tiexi
    [InlineData("kangping", 4)]   // in the city, not bordering
    [InlineData("dalian", 0)]     // elsewhere
    public void Distance_ranks_same_ward_above_neighbour_above_city_above_elsewhere(string offerWard, int points)
    {
        var score = Score(Listings.Need(), Listings.Offer(), needWard: "tiexi", offerWard: offerWard);

        Assert.Equal(points, score.Reasons.Single(r => r.Component == "distance").Points);
    }

    [Fact]
    public void A_preferred_ward_counts_as_near_even_when_it_is_far()
    {
        var score = Score(Listings.Need(wards: ["kangping"]), Listings.Offer(), needWard: "tiexi", offerWard: "kangping");

        Assert.Equal(10, score.Reasons.Single(r => r.Component == "distance").Points);
    }

    [Fact]
    public void Capacity_in_another_unit_gives_nothing_and_says_why_and_half_the_quantity_gives_half()
    {
        var otherUnit = Score(Listings.Need(), Listings.Offer(unit: CapacityUnit.TonnesPerMonth)).Reasons.Single(r => r.Component == "capacity");
        var half = Score(Listings.Need(amount: 1000), Listings.Offer(amount: 500)).Reasons.Single(r => r.Component == "capacity");

        Assert.Equal(0, otherUnit.Points);
        Assert.Contains("cannot be compared", otherUnit.Reason, StringComparison.Ordinal);
        Assert.Equal(8, half.Points); // 7.5 rounded away from zero
    }

    [Fact]
    public void Missing_certifications_and_processes_are_named()
    {
        var score = Score(Listings.Need(processes: ["CNC machining", "Heat treatment"], certifications: ["IATF 16949", "ISO 14001"]),
            Listings.Offer(), certs: ["IATF 16949"]);

        Assert.Contains("Heat treatment", score.Reasons.Single(r => r.Component == "processes").Reason, StringComparison.Ordinal);
        Assert.Contains("ISO 14001", score.Reasons.Single(r => r.Component == "certifications").Reason, StringComparison.Ordinal);
        Assert.Equal(8, score.Reasons.Single(r => r.Component == "processes").Points);
        Assert.Equal(5, score.Reasons.Single(r => r.Component == "certifications").Points);
    }

    [Fact]
    public void Past_ratings_move_the_ratings_component_from_nothing_at_1_to_everything_at_5()
    {
        Assert.Equal(0, Score(Listings.Need(), Listings.Offer(), ratings: [1, 1]).Reasons[^1].Points);
        Assert.Equal(5, Score(Listings.Need(), Listings.Offer(), ratings: [5]).Reasons[^1].Points);
    }

    [Theory]
    [InlineData(PartnershipType.TechnologyTransferIn, PartnershipType.TechnologyTransferOut, 25)]
    [InlineData(PartnershipType.SubcontractingGiving, PartnershipType.SubcontractingTaking, 25)]
    [InlineData(PartnershipType.Export, PartnershipType.Import, 25)]
    [InlineData(PartnershipType.Oem, PartnershipType.ProductionAlliance, 13)]
    [InlineData(PartnershipType.JointVenture, PartnershipType.Oem, 0)]
    public void Types_meet_when_complementary_half_when_of_one_family(PartnershipType need, PartnershipType offer, int points)
    {
        Assert.Equal(points, Score(Listings.Need(type: need), Listings.Offer(type: offer)).Reasons[0].Points);
        Assert.Equal(points > 0, MatchScorer.IsCandidate(need, offer));
    }

    private static readonly Gen<Listing> Needs =
        from type in Gen.Elements(Enum.GetValues<PartnershipType>())
        from industry in Gen.Elements("C3670", "C3511", "C3610", "F5174", "C1711")
        from amount in Gen.Choose(1, 100_000)
        from unit in Gen.Elements(Enum.GetValues<CapacityUnit>())
        from certs in Gen.SubListOf(["ISO 9001", "ISO 14001", "IATF 16949", "CCC"])
        select Listings.Need(type, industry, amount, unit, certifications: [.. certs]);

    private static readonly Gen<(Listing Offer, string Ward, int[] Ratings)> Offers =
        from type in Gen.Elements(Enum.GetValues<PartnershipType>())
        from industry in Gen.Elements("C3670", "C3511", "C3610", "F5174", "C1711")
        from amount in Gen.Choose(1, 100_000)
        from unit in Gen.Elements(Enum.GetValues<CapacityUnit>())
        from ward in Gen.Elements([.. Wards.All, "dalian"])
        from ratings in Gen.ArrayOf(Gen.Choose(1, 5))
        select (Listings.Offer(type, industry, amount, unit), ward, ratings);

    [Fact]
    public void Every_score_is_0_to_100_and_is_the_sum_of_its_reasons_each_within_its_weight()
    {
        Prop.ForAll(Needs.ToArbitrary(), Offers.ToArbitrary(), (need, offer) =>
        {
            var score = Score(need, offer.Offer, "heping", offer.Ward, ratings: offer.Ratings);
            return score.Score is >= 0 and <= 100
                && score.Score == score.Reasons.Sum(r => r.Points)
                && score.Reasons.All(r => r.Points >= 0 && r.Points <= r.MaxPoints && r.Reason.Length > 0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void More_capacity_never_lowers_a_score()
    {
        Prop.ForAll(Needs.ToArbitrary(), Offers.ToArbitrary(), Gen.Choose(1, 50_000).ToArbitrary(), (need, offer, extra) =>
        {
            var more = offer.Offer with { Quantity = offer.Offer.Quantity with { Amount = offer.Offer.Quantity.Amount + extra } };
            return Score(need, more, "heping", offer.Ward, ratings: offer.Ratings).Score >= Score(need, offer.Offer, "heping", offer.Ward, ratings: offer.Ratings).Score;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Complement_is_its_own_inverse_and_the_ward_adjacency_is_symmetric()
    {
        Assert.All(Enum.GetValues<PartnershipType>(), t => Assert.Equal(t, PartnershipTypes.Complement(PartnershipTypes.Complement(t))));
        Assert.All(Wards.All, a => Assert.All(Wards.NeighboursOf(a), b => Assert.Contains(a, Wards.NeighboursOf(b))));
        Assert.All(Wards.All, a => Assert.DoesNotContain(a, Wards.NeighboursOf(a)));
    }

    [Fact]
    public void Weights_must_add_up_to_100()
    {
        Assert.Empty(ScoreWeights.Preset.Check());
        Assert.NotEmpty((ScoreWeights.Preset with { Types = 30 }).Check());
    }
}
