namespace SmePlatform.ClusterStats.Domain.Disclosure;

/// <summary>
/// Primary and secondary suppression of a two-way table with row, column and grand totals.
/// <para>
/// Every row and column of the extended table (margins included) is an additive equation over its cells. The withheld
/// cells are the edges of a bipartite graph between row and column nodes; the published values fix a withheld cell
/// exactly when that edge lies on no cycle of the graph (a bridge): a value on a cycle can move by +d, -d around the
/// cycle without changing any total. So the rule is: while some withheld cell is a bridge, withhold the cheapest
/// rectangle of cells that closes a cycle through it. Costs prefer inner cells with few enterprises; empty cells and
/// margins only when nothing else closes a cycle.
/// </para>
/// </summary>
public static class DisclosureControl
{
    private const long EmptyCellCost = 100_000;
    private const long MarginCost = 1_000_000;
    private const long GrandTotalCost = 100_000_000;

    /// <summary>The table with its margins and what each cell of it withholds under <paramref name="rules"/>.</summary>
    public static SuppressedTable Protect(CellContent[,] inner, DisclosureRules rules)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(rules);
        var (rows, columns) = (inner.GetLength(0), inner.GetLength(1));
        var content = Extend(inner, rows, columns);
        var suppression = new Suppression[rows + 1, columns + 1];
        for (var r = 0; r <= rows; r++)
        {
            for (var c = 0; c <= columns; c++)
            {
                suppression[r, c] = content[r, c].IsSensitive(rules) ? Suppression.Primary : Suppression.None;
            }
        }

        while (FindBridge(suppression) is var (r, c) && r >= 0)
        {
            CloseCycle(content, suppression, r, c);
        }

        return new SuppressedTable(content, suppression);
    }

    private static CellContent[,] Extend(CellContent[,] inner, int rows, int columns)
    {
        var content = new CellContent[rows + 1, columns + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                content[r, c] = inner[r, c] ?? CellContent.Empty;
            }
        }

        for (var r = 0; r < rows; r++)
        {
            content[r, columns] = CellContent.Sum(Enumerable.Range(0, columns).Select(c => content[r, c]));
        }

        for (var c = 0; c <= columns; c++)
        {
            content[rows, c] = CellContent.Sum(Enumerable.Range(0, rows).Select(r => content[r, c]));
        }

        return content;
    }

    /// <summary>A withheld cell the totals would give away, or (-1, -1).</summary>
    private static (int Row, int Column) FindBridge(Suppression[,] suppression)
    {
        for (var r = 0; r < suppression.GetLength(0); r++)
        {
            for (var c = 0; c < suppression.GetLength(1); c++)
            {
                if (suppression[r, c] != Suppression.None && !OnCycle(suppression, r, c))
                {
                    return (r, c);
                }
            }
        }

        return (-1, -1);
    }

    /// <summary>Whether row node <paramref name="row"/> still reaches column node <paramref name="column"/> through other withheld cells.</summary>
    internal static bool OnCycle(Suppression[,] suppression, int row, int column)
    {
        var (rows, columns) = (suppression.GetLength(0), suppression.GetLength(1));
        var seenRows = new bool[rows];
        var seenColumns = new bool[columns];
        var queue = new Queue<(bool IsRow, int Index)>();
        queue.Enqueue((true, row));
        seenRows[row] = true;
        while (queue.TryDequeue(out var node))
        {
            var count = node.IsRow ? columns : rows;
            for (var other = 0; other < count; other++)
            {
                var (r, c) = node.IsRow ? (node.Index, other) : (other, node.Index);
                if (suppression[r, c] == Suppression.None || (r == row && c == column))
                {
                    continue;
                }

                if (node.IsRow && !seenColumns[c])
                {
                    if (c == column)
                    {
                        return true;
                    }

                    seenColumns[c] = true;
                    queue.Enqueue((false, c));
                }
                else if (!node.IsRow && !seenRows[r])
                {
                    seenRows[r] = true;
                    queue.Enqueue((true, r));
                }
            }
        }

        return false;
    }

    /// <summary>Withholds the cheapest (row2, column2) rectangle with (row, column): four cells, a cycle through it.</summary>
    private static void CloseCycle(CellContent[,] content, Suppression[,] suppression, int row, int column)
    {
        var (rows, columns) = (suppression.GetLength(0), suppression.GetLength(1));
        var best = (Cost: long.MaxValue, Row: -1, Column: -1);
        for (var r2 = 0; r2 < rows; r2++)
        {
            for (var c2 = 0; c2 < columns; c2++)
            {
                if (r2 == row || c2 == column)
                {
                    continue;
                }

                var cost = Cost(content, suppression, row, c2, rows, columns) + Cost(content, suppression, r2, column, rows, columns)
                    + Cost(content, suppression, r2, c2, rows, columns);
                if (cost < best.Cost)
                {
                    best = (cost, r2, c2);
                }
            }
        }

        foreach (var (r, c) in new[] { (row, best.Column), (best.Row, column), (best.Row, best.Column) })
        {
            if (suppression[r, c] == Suppression.None)
            {
                suppression[r, c] = Suppression.Secondary;
            }
        }
    }

    private static long Cost(CellContent[,] content, Suppression[,] suppression, int row, int column, int rows, int columns)
    {
        if (suppression[row, column] != Suppression.None)
        {
            return 0;
        }

        var margins = (row == rows - 1 ? 1 : 0) + (column == columns - 1 ? 1 : 0);
        return margins switch
        {
            2 => GrandTotalCost,
            1 => MarginCost + content[row, column].Enterprises,
            _ => content[row, column].Enterprises == 0 ? EmptyCellCost : content[row, column].Enterprises,
        };
    }
}
