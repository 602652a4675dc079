using FsCheck;
using FsCheck.Fluent;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ClusterStats.Domain.Figures;

namespace SmePlatform.ClusterStats.Tests.Domain;

/// <summary>The worked example of docs/statistics-rules.md §4, and the properties every location quotient table keeps.</summary>
public sealed class SpecialisationTests
{
    private static readonly string[] Wards = ["dadong", "heping", "tiexi"];
    private static readonly string[] Divisions = ["C34", "C36"];

    /// <summary>Enterprises of equal size: (count, employment each).</summary>
    private static CellContent Equal(int enterprises, int each) =>
        new(enterprises, (long)enterprises * each, enterprises * each * 1000m, each, each * 1000m);

    // dadong: C34 6 × 50 = 300, C36 4 × 25 = 100; heping: C34 4 × 25 = 100, C36 5 × 60 = 300; tiexi: C34 10 × 60 = 600, C36 4 × 50 = 200.
    private static readonly CellContent[,] Example =
    {
        { Equal(6, 50), Equal(4, 25) },
        { Equal(4, 25), Equal(5, 60) },
        { Equal(10, 60), Equal(4, 50) },
    };

    private static decimal[,] Squares(CellContent[,] cells)
    {
        var squares = new decimal[cells.GetLength(0), cells.GetLength(1)];
        for (var r = 0; r < cells.GetLength(0); r++)
        {
            for (var c = 0; c < cells.GetLength(1); c++)
            {
                var cell = cells[r, c];
                squares[r, c] = cell.Enterprises == 0 ? 0 : cell.Enterprises * (decimal)cell.LargestEmployment * cell.LargestEmployment;
            }
        }

        return squares;
    }

    [Fact]
    public void Worked_example_location_quotients_against_the_city()
    {
        // LQ(tiexi, C34) = (600 / 800) / (1000 / 1600) = 0.75 / 0.625 = 1.2
        Assert.Equal(1.2m, Formulas.LocationQuotientOf(600, 800, 1000, 1600));
        Assert.Equal(0.4m, Formulas.LocationQuotientOf(100, 400, 1000, 1600));
        Assert.Equal(2m, Formulas.LocationQuotientOf(300, 400, 600, 1600));
        Assert.Null(Formulas.LocationQuotientOf(0, 0, 600, 1600));

        var table = SpecialisationTable.Compute(Wards, Divisions, Example, Squares(Example), DisclosureRules.Preset);
        var lq = table.Cells.ToDictionary(c => (c.Ward, c.Code), c => c.LocationQuotient);
        Assert.Equal(1.2m, lq[("tiexi", "C34")]);
        Assert.Equal(1.2m, lq[("dadong", "C34")]);
        Assert.Equal(0.4m, lq[("heping", "C34")]);
        Assert.Equal(2m, lq[("heping", "C36")]);
        Assert.Equal(0.6667m, lq[("dadong", "C36")]);
    }

    [Fact]
    public void Worked_example_strong_clusters_by_the_US_Cluster_Mapping_rule()
    {
        var table = SpecialisationTable.Compute(Wards, Divisions, Example, Squares(Example), DisclosureRules.Preset);
        var tier = table.Cells.ToDictionary(c => (c.Ward, c.Code), c => c.Tier);
        var c34 = table.Columns.Single(c => c.Code == "C34").Thresholds!;

        // C34: LQs {0.4, 1.2, 1.2} → P75 = 1.2; employment {100, 300, 600} → P25 = 200; establishments {4, 6, 10} → P25 = 5.
        Assert.Equal(new StrongClusterThresholds(1.2m, 200m, 5m), c34);
        Assert.Equal(ClusterTier.Strong, tier[("tiexi", "C34")]);
        Assert.Equal(ClusterTier.Strong, tier[("dadong", "C34")]);
        Assert.Equal(ClusterTier.NotSpecialised, tier[("heping", "C34")]);
        // C36: heping LQ 2 ≥ P75 1.3333, employment 300 > 150, establishments 5 > 4.
        Assert.Equal(ClusterTier.Strong, tier[("heping", "C36")]);
        Assert.Equal(ClusterTier.NotSpecialised, tier[("tiexi", "C36")]);
    }

    [Fact]
    public void A_ward_specialised_but_too_small_is_specialised_not_strong()
    {
        var thresholds = new StrongClusterThresholds(1.5m, 200m, 5m);
        Assert.Equal(ClusterTier.Specialised, StrongClusters.TierOf(new RegionFigure("faku", 2m, 150, 9), thresholds));
        Assert.Equal(ClusterTier.Specialised, StrongClusters.TierOf(new RegionFigure("faku", 1.2m, 900, 9), thresholds));
        Assert.Equal(ClusterTier.NotSpecialised, StrongClusters.TierOf(new RegionFigure("faku", 0.9m, 900, 9), thresholds with { LocationQuotientP75 = 0.5m }));
        Assert.Null(StrongClusters.TierOf(new RegionFigure("faku", null, 0, 0), thresholds));
    }

    [Fact]
    public void Worked_example_HHI_and_percentiles()
    {
        Assert.Equal(2500m, Formulas.HhiOf(4 * 25m * 25m, 100));
        Assert.Equal(10000m, Formulas.HhiOf(50m * 50m, 50));
        Assert.Equal(1.3333m, decimal.Round(Formulas.PercentileOf([2m, 2m / 3, 2m / 3], 0.75m), 4));
        Assert.Equal(150m, Formulas.PercentileOf([300m, 100m, 200m], 0.25m));
        Assert.Equal(7m, Formulas.PercentileOf([7m], 0.75m));
    }

    [Fact]
    public void The_LQ_of_a_withheld_cell_is_withheld_and_so_are_its_column_thresholds()
    {
        var cells = (CellContent[,])Example.Clone();
        cells[1, 0] = Equal(2, 50); // heping × C34: two enterprises.

        var table = SpecialisationTable.Compute(Wards, Divisions, cells, Squares(cells), DisclosureRules.Preset);
        var heping = table.Cells.Single(c => c is { Ward: "heping", Code: "C34" });

        Assert.Equal(ObsStatus.C, heping.ObsStatus);
        Assert.Null(heping.LocationQuotient);
        Assert.Null(heping.Tier);
        Assert.Null(heping.Hhi);
        Assert.Equal(ObsStatus.C, heping.LocationQuotientStatus);
        Assert.Null(table.Columns.Single(c => c.Code == "C34").Thresholds);
    }

    private static readonly Gen<CellContent> Cells =
        from enterprises in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(1, 3)), (5, Gen.Choose(3, 30)))
        from each in Gen.Choose(1, 40)
        from largest in Gen.Choose(each, each * 3)
        select enterprises == 0 ? CellContent.Empty
            : new CellContent(enterprises, (long)enterprises * each + (largest - each), (enterprises * each + largest - each) * 100m, largest, largest * 100m);

    private static readonly Gen<CellContent[,]> Tables =
        from rows in Gen.Choose(2, 6)
        from columns in Gen.Choose(2, 6)
        from cells in Gen.ArrayOf(Cells, rows * columns)
        select Build(rows, columns, cells);

    private static CellContent[,] Build(int rows, int columns, CellContent[] cells)
    {
        var table = new CellContent[rows, columns];
        for (var i = 0; i < cells.Length; i++)
        {
            table[i / columns, i % columns] = cells[i];
        }

        return table;
    }

    private static SpecialisationTable Compute(CellContent[,] cells) =>
        SpecialisationTable.Compute([.. Enumerable.Range(0, cells.GetLength(0)).Select(r => $"w{r}")],
            [.. Enumerable.Range(0, cells.GetLength(1)).Select(c => $"c{c}")], cells, Squares(cells), DisclosureRules.Preset);

    [Fact]
    public void No_LQ_tier_or_HHI_is_published_for_a_withheld_cell_and_a_published_LQ_gives_back_only_a_published_cell() =>
        Prop.ForAll(Tables.ToArbitrary(), cells =>
        {
            var table = Compute(cells);
            var columns = table.Columns.ToDictionary(c => c.Code);
            var wardEmployment = table.Cells.GroupBy(c => c.Ward).ToDictionary(g => g.Key, g => g.Sum(c => c.Employment ?? 0));
            return table.Cells.All(c => c.ObsStatus == ObsStatus.A
                || (c.LocationQuotient is null && c.Tier is null && c.Hhi is null && c.LocationQuotientStatus == ObsStatus.C))
                && table.Cells.All(c => c.LocationQuotientStatus == ObsStatus.C || (c.ObsStatus == ObsStatus.A && columns[c.Code].ObsStatus == ObsStatus.A));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Over_the_wards_the_employment_weighted_LQs_of_an_industry_average_to_one() =>
        Prop.ForAll(Tables.ToArbitrary(), cells =>
        {
            var (rows, columns) = (cells.GetLength(0), cells.GetLength(1));
            long Cell(int r, int c) => (cells[r, c] ?? CellContent.Empty).Employment;
            long Ward(int r) => Enumerable.Range(0, columns).Sum(c => Cell(r, c));
            long Column(int c) => Enumerable.Range(0, rows).Sum(r => Cell(r, c));
            var city = Enumerable.Range(0, rows).Sum(Ward);
            return Enumerable.Range(0, columns).Where(c => Column(c) > 0).All(c =>
                Math.Abs(Enumerable.Range(0, rows).Sum(r => Ward(r) * (Formulas.LocationQuotientOf(Cell(r, c), Ward(r), Column(c), city) ?? 0m)) / city - 1m)
                < 0.000000001m);
        }).QuickCheckThrowOnFailure();
}
