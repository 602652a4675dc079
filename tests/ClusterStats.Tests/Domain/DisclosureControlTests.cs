using FsCheck;
using FsCheck.Fluent;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Tests.Domain;

public sealed class DisclosureControlTests
{
    private static CellContent Cell(int enterprises, long employment, long largest) =>
        new(enterprises, employment, employment * 1000m, largest, largest * 1000m);

    [Fact]
    public void Too_few_enterprises_or_one_dominant_enterprise_make_a_cell_sensitive()
    {
        var rules = DisclosureRules.Preset;
        Assert.True(Cell(2, 100, 50).IsSensitive(rules));
        Assert.True(Cell(5, 100, 80).IsSensitive(rules));
        Assert.False(Cell(5, 100, 79).IsSensitive(rules));
        Assert.True(new CellContent(5, 100, 1000m, 30, 800m).IsSensitive(rules));
        Assert.False(CellContent.Empty.IsSensitive(rules));
        Assert.False(Cell(2, 100, 50).IsSensitive(rules with { MinimumEnterprises = 2 }));
    }

    [Fact]
    public void One_sensitive_cell_takes_three_more_with_it_so_that_no_total_gives_it_away()
    {
        // Worked example (docs/statistics-rules.md): heping × C holds two enterprises.
        var table = new[,]
        {
            { Cell(2, 40, 30), Cell(10, 200, 40), Cell(12, 300, 50) },
            { Cell(8, 150, 30), Cell(4, 60, 20), Cell(20, 400, 60) },
        };

        var protectedTable = DisclosureControl.Protect(table, DisclosureRules.Preset);

        Assert.Equal(Suppression.Primary, protectedTable.Suppression(0, 0));
        Assert.Equal(Suppression.Secondary, protectedTable.Suppression(0, 1));
        Assert.Equal(Suppression.Secondary, protectedTable.Suppression(1, 0));
        Assert.Equal(Suppression.Secondary, protectedTable.Suppression(1, 1));
        Assert.Equal(4, protectedTable.WithheldCount);
        Assert.Equal(24, protectedTable.Content(0, 3).Enterprises);
    }

    [Fact]
    public void A_table_without_sensitive_cells_withholds_nothing()
    {
        var protectedTable = DisclosureControl.Protect(new[,] { { Cell(5, 50, 10), Cell(6, 60, 10) } }, DisclosureRules.Preset);
        Assert.Equal(0, protectedTable.WithheldCount);
    }

    [Theory]
    [InlineData(1, 0.8, "minimumEnterprises")]
    [InlineData(3, 0.5, "dominanceShare")]
    [InlineData(3, 1.2, "dominanceShare")]
    public void Rules_outside_their_range_are_refused_by_field(int minimum, double share, string field)
    {
        Assert.Equal([field], new DisclosureRules(2, minimum, (decimal)share).Problems().Keys);
    }

    private static readonly Gen<CellContent> Cells =
        from enterprises in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 3)), (5, Gen.Choose(3, 40)))
        from employment in Gen.Choose(enterprises, enterprises * 50)
        from largestPercent in Gen.Choose(1, 100)
        select enterprises == 0 ? CellContent.Empty : Cell(enterprises, employment, Math.Max(1, employment * largestPercent / 100));

    private static readonly Gen<CellContent[,]> Tables =
        from rows in Gen.Choose(1, 5)
        from columns in Gen.Choose(1, 5)
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

    [Fact]
    public void No_withheld_value_can_be_worked_out_from_the_published_values_and_totals()
    {
        Prop.ForAll(Tables.ToArbitrary(), table =>
        {
            var result = DisclosureControl.Protect(table, DisclosureRules.Preset);
            Assert.Empty(Determinable(result));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_sensitive_cell_is_withheld_and_primary_only_when_sensitive()
    {
        Prop.ForAll(Tables.ToArbitrary(), table =>
        {
            var result = DisclosureControl.Protect(table, DisclosureRules.Preset);
            for (var r = 0; r <= result.Rows; r++)
            {
                for (var c = 0; c <= result.Columns; c++)
                {
                    var sensitive = result.Content(r, c).IsSensitive(DisclosureRules.Preset);
                    Assert.Equal(sensitive, result.Suppression(r, c) == Suppression.Primary);
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_check_itself_finds_a_value_given_away_by_a_total()
    {
        var table = new[,] { { Cell(2, 40, 30), Cell(10, 200, 40) }, { Cell(8, 150, 30), Cell(4, 60, 20) } };
        var naive = new SuppressedTableProbe(table, [(0, 0)]);
        Assert.Contains((0, 0), Determinable(naive.Rows, naive.Columns, naive.Withheld));
    }

    private static List<(int Row, int Column)> Determinable(SuppressedTable table)
    {
        var withheld = new List<(int, int)>();
        for (var r = 0; r <= table.Rows; r++)
        {
            for (var c = 0; c <= table.Columns; c++)
            {
                if (table.IsWithheld(r, c))
                {
                    withheld.Add((r, c));
                }
            }
        }

        return Determinable(table.Rows, table.Columns, withheld);
    }

    /// <summary>
    /// The withheld cells whose value the published ones fix, by linear algebra (independent of the graph rule under
    /// test): every row and column of the extended table sums to its total; a withheld unknown is fixed when it is a
    /// pivot of the reduced system whose row holds no free unknown.
    /// </summary>
    private static List<(int Row, int Column)> Determinable(int rows, int columns, List<(int Row, int Column)> withheld)
    {
        var equations = new List<double[]>();
        for (var r = 0; r <= rows; r++)
        {
            equations.Add([.. withheld.Select(w => w.Row == r ? (w.Column == columns ? -1.0 : 1.0) : 0.0)]);
        }

        for (var c = 0; c <= columns; c++)
        {
            equations.Add([.. withheld.Select(w => w.Column == c ? (w.Row == rows ? -1.0 : 1.0) : 0.0)]);
        }

        var m = equations.ToArray();
        var pivots = new List<(int Row, int Column)>();
        var lead = 0;
        for (var col = 0; col < withheld.Count && lead < m.Length; col++)
        {
            var pivot = Enumerable.Range(lead, m.Length - lead).FirstOrDefault(i => Math.Abs(m[i][col]) > 1e-9, -1);
            if (pivot < 0)
            {
                continue;
            }

            (m[lead], m[pivot]) = (m[pivot], m[lead]);
            var factor = m[lead][col];
            m[lead] = [.. m[lead].Select(v => v / factor)];
            for (var i = 0; i < m.Length; i++)
            {
                if (i != lead && Math.Abs(m[i][col]) > 1e-9)
                {
                    var f = m[i][col];
                    m[i] = [.. m[i].Select((v, j) => v - (f * m[lead][j]))];
                }
            }

            pivots.Add((lead, col));
            lead++;
        }

        var pivotColumns = pivots.Select(p => p.Column).ToHashSet();
        return [.. pivots.Where(p => Enumerable.Range(0, withheld.Count).All(j => j == p.Column || pivotColumns.Contains(j) || Math.Abs(m[p.Row][j]) < 1e-9))
            .Select(p => withheld[p.Column])];
    }

    private sealed record SuppressedTableProbe(CellContent[,] Table, List<(int Row, int Column)> Withheld)
    {
        public int Rows => Table.GetLength(0);

        public int Columns => Table.GetLength(1);
    }
}
