namespace SmePlatform.Diagnosis.Domain.Statements;

/// <summary>
/// The balances at the start of a fiscal year that the operating cash flow needs for its working-capital deltas,
/// when the previous year's statement is not stored (the first year an enterprise is diagnosed).
/// </summary>
public sealed record OpeningBalances(decimal Receivables, decimal Inventory, decimal Payables);

/// <summary>
/// One enterprise's financial statement for one fiscal year, amounts in CNY. <see cref="TotalLiabilities"/> is
/// optional: when given, the balance-sheet identity (assets = liabilities + net assets) is checked; when absent,
/// liabilities are derived from it.
/// </summary>
public sealed record FinancialStatement(
    int FiscalYear,
    decimal Sales,
    decimal CostOfSales,
    decimal OperatingProfit,
    decimal NetProfit,
    decimal Depreciation,
    decimal Receivables,
    decimal Inventory,
    decimal Payables,
    decimal Cash,
    decimal Borrowings,
    decimal CurrentAssets,
    decimal CurrentLiabilities,
    decimal TotalAssets,
    decimal NetAssets,
    int Employees,
    decimal? TotalLiabilities = null,
    OpeningBalances? Opening = null)
{
    /// <summary>Total liabilities as reported, or total assets less net assets.</summary>
    public decimal Liabilities => TotalLiabilities ?? TotalAssets - NetAssets;
}

/// <summary>A statement's or a series' problem: a field, a stable code and words for people.</summary>
public sealed record StatementProblem(string Field, string Code, string Message);
