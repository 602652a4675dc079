using FsCheck;
using FsCheck.Fluent;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Tests.Domain;

/// <summary>The growth worked examples of docs/statistics-rules.md §5 and the properties of a CAGR.</summary>
public sealed class GrowthTests
{
    private static CellContent Equal(int enterprises, int each) =>
        new(enterprises, (long)enterprises * each, enterprises * each * 10_000m, each, each * 10_000m);

    [Theory]
    [InlineData(1000, 1210, 2, 0.1)] // (1210 / 1000)^(1/2) − 1 = 1.1 − 1
    [InlineData(600, 660, 1, 0.1)]
    [InlineData(500, 400, 1, -0.2)]
    [InlineData(100, 100, 3, 0)]
    [InlineData(80, 0, 2, -1)] // everything gone: −100 % a year
    [InlineData(1000, 1331, 3, 0.1)]
    [InlineData(300, 330, 0.5, 0.21)] // half a year: 1.1² − 1
    public void A_CAGR_follows_the_US_Cluster_Mapping_formula(int start, int end, double years, double expected) =>
        Assert.Equal((decimal)expected, GrowthTable.Cagr(start, end, (decimal)years));

    [Theory]
    [InlineData(0, 50, 1)] // nothing to grow from
    [InlineData(10, 50, 0)] // no span
    public void A_CAGR_is_undefined_from_zero_or_over_no_time(int start, int end, double years) =>
        Assert.Null(GrowthTable.Cagr(start, end, (decimal)years));

    [Fact]
    public void The_worked_example_gives_growth_and_job_creation_by_ward_and_for_the_city()
    {
        // Auto parts (in) and the rest of the city (out), a year apart. dadong enters the cluster with two enterprises.
        string[] wards = ["heping", "tiexi"];
        string[] codes = ["auto-parts", "outside"];
        CellContent[,] start = { { Equal(5, 60), Equal(4, 25) }, { Equal(4, 50), Equal(10, 60) } };
        CellContent[,] end = { { Equal(6, 55), Equal(4, 25) }, { Equal(4, 55), Equal(10, 66) } };

        var cells = GrowthTable.Compute(wards, codes, start, end, DisclosureRules.Preset, 1m, new HashSet<string> { "auto-parts" });

        var heping = cells.Single(c => c is { Ward: "heping", Code: "auto-parts" });
        Assert.Equal((new GrowthMeasures(5, 300, 3_000_000m), new GrowthMeasures(6, 330, 3_300_000m)), (heping.Start, heping.End));
        Assert.Equal((0.2m, 0.1m, 0.1m, 30L, ObsStatus.A), (heping.EnterprisesCagr, heping.EmploymentCagr, heping.RevenueCagr, heping.JobCreation, heping.ObsStatus));
        var city = cells.Single(c => c is { Ward: GrowthTable.Total, Code: "auto-parts" });
        Assert.Equal((500L, 550L, 0.1m, 50L), (city.Start!.Employment, city.End!.Employment, city.EmploymentCagr, city.JobCreation));
        var tiexiTotal = cells.Single(c => c is { Ward: "tiexi", Code: GrowthTable.Total });
        Assert.Equal((800L, 880L, 0.1m), (tiexiTotal.Start!.Employment, tiexiTotal.End!.Employment, tiexiTotal.EmploymentCagr));
        Assert.DoesNotContain(cells, c => c.Code == "outside");
    }

    [Fact]
    public void A_cell_withheld_at_either_end_gives_no_growth()
    {
        string[] wards = ["dadong", "heping", "tiexi"];
        string[] codes = ["auto-parts", "outside"];
        // dadong's auto-parts cell has 4 enterprises at the start and 2 at the end: withheld at the end only.
        CellContent[,] start = { { Equal(4, 10), Equal(6, 10) }, { Equal(5, 60), Equal(5, 25) }, { Equal(4, 50), Equal(10, 60) } };
        CellContent[,] end = { { Equal(2, 10), Equal(6, 10) }, { Equal(5, 66), Equal(5, 25) }, { Equal(4, 55), Equal(10, 66) } };

        var cells = GrowthTable.Compute(wards, codes, start, end, DisclosureRules.Preset, 1m);

        var dadong = cells.Single(c => c is { Ward: "dadong", Code: "auto-parts" });
        Assert.Equal(new GrowthCell("dadong", "auto-parts", null, null, null, null, null, null, ObsStatus.C), dadong);
        var endTable = DisclosureControl.Protect(end, DisclosureRules.Preset);
        Assert.True(cells.Count(c => c.ObsStatus == ObsStatus.C) >= endTable.WithheldCount);
        Assert.All(cells.Where(c => c.ObsStatus == ObsStatus.C), c => Assert.Null(c.Start ?? c.End));
    }

    [Fact]
    public void Compounding_the_CAGR_over_the_years_gives_back_the_end_value()
    {
        var cases = Gen.Choose(1, 1_000_000).Three().Select(t => (Start: t.Item1, End: t.Item2, Months: t.Item3 % 120 + 1));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var years = c.Months / 12m;
            var cagr = GrowthTable.Cagr(c.Start, c.End, years)!.Value;
            var compounded = c.Start * Math.Pow(1 + (double)cagr, (double)years);
            // The rate is published to 6 decimals: the end comes back within that rounding, compounded.
            var tolerance = c.Start * (Math.Pow(1 + (double)cagr + 1e-6, (double)years) - Math.Pow(1 + (double)cagr, (double)years)) + 1e-6;
            return Math.Abs(compounded - c.End) <= tolerance;
        }).QuickCheckThrowOnFailure();
    }
}
