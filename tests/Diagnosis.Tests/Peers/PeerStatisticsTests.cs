using FsCheck;
using FsCheck.Fluent;
using SmePlatform.Diagnosis.Domain.Peers;

namespace SmePlatform.Diagnosis.Tests.Peers;

public sealed class PeerStatisticsTests
{
    [Fact]
    public void Quartiles_interpolate_as_percentile_cont_does()
    {
        Assert.Equal(new Quartiles(2m, 3m, 4m), PeerStatistics.QuartilesOf([5m, 1m, 4m, 2m, 3m]));
        Assert.Equal(new Quartiles(1.75m, 2.5m, 3.25m), PeerStatistics.QuartilesOf([1m, 2m, 3m, 4m]));
    }

    [Theory]
    [InlineData(4.5, false, PeerPosition.TopQuartile)]
    [InlineData(3.5, false, PeerPosition.SecondQuartile)]
    [InlineData(2, false, PeerPosition.ThirdQuartile)]
    [InlineData(1, false, PeerPosition.BottomQuartile)]
    [InlineData(1, true, PeerPosition.TopQuartile)]
    [InlineData(5, true, PeerPosition.BottomQuartile)]
    public void The_position_follows_the_indicator_s_direction(double value, bool lowerIsBetter, PeerPosition expected) =>
        Assert.Equal(expected, PeerStatistics.PositionOf((decimal)value, new Quartiles(2m, 3m, 4m), lowerIsBetter));

    [Fact]
    public void Quartiles_are_ordered_and_within_the_values_and_the_share_is_a_fraction() =>
        Prop.ForAll((from n in Gen.Choose(PeerStatistics.MinimumPeers, 40) from a in Gen.Choose(-1_000_000, 1_000_000).ArrayOf(n) select a).ToArbitrary(), values =>
        {
            var decimals = values.Select(v => v / 100m).ToArray();
            var q = PeerStatistics.QuartilesOf(decimals);
            var share = PeerStatistics.ShareBetterThan(decimals[0], decimals, lowerIsBetter: false);
            var top = PeerStatistics.PositionOf(decimals.Max(), q, lowerIsBetter: false);
            return decimals.Min() <= q.Q1 && q.Q1 <= q.Median && q.Median <= q.Q3 && q.Q3 <= decimals.Max()
                && share is >= 0 and < 1 && top == PeerPosition.TopQuartile;
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("C3670", true)]
    [InlineData("C3671", true)]
    [InlineData("C3610", false)]
    [InlineData("C367", true)]
    [InlineData("C36", false)]
    [InlineData(null, false)]
    public void A_firm_is_in_a_cluster_when_one_of_its_codes_at_any_level_is_a_prefix_of_the_firm_s_code(string? industryCode, bool expected) =>
        Assert.Equal(expected, PeerStatistics.InCluster(["C367", "I65", ""], industryCode));
}
