namespace SmePlatform.ClusterStats.Domain.Disclosure;

/// <summary>Why a value is withheld: not at all, by the primary rule, or to protect another withheld value (secondary).</summary>
public enum Suppression
{
    None,
    Primary,
    Secondary,
}

/// <summary>
/// A two-way table with its margins after disclosure control. Positions run over the extended table: rows
/// 0..<see cref="Rows"/>-1 are the table's rows and row <see cref="Rows"/> is the column totals; likewise column
/// <see cref="Columns"/> is the row totals, and (<see cref="Rows"/>, <see cref="Columns"/>) the grand total.
/// </summary>
public sealed class SuppressedTable
{
    private readonly CellContent[,] content;
    private readonly Suppression[,] suppression;

    internal SuppressedTable(CellContent[,] content, Suppression[,] suppression)
    {
        this.content = content;
        this.suppression = suppression;
    }

    public int Rows => content.GetLength(0) - 1;

    public int Columns => content.GetLength(1) - 1;

    public CellContent Content(int row, int column) => content[row, column];

    public Suppression Suppression(int row, int column) => suppression[row, column];

    public bool IsWithheld(int row, int column) => suppression[row, column] != Disclosure.Suppression.None;

    public int WithheldCount => suppression.Cast<Suppression>().Count(s => s != Disclosure.Suppression.None);
}
