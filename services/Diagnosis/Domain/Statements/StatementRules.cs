namespace SmePlatform.Diagnosis.Domain.Statements;

/// <summary>
/// What makes figures impossible (refused, every problem at once) and what is only suspicious (a warning): see
/// docs/diagnosis-rules.md "Statements".
/// </summary>
public static class StatementRules
{
    /// <summary>How far the balance-sheet identity may miss before it is an error rather than rounding: 1 CNY or 0.01 % of total assets, whichever is larger.</summary>
    public const decimal AbsoluteTolerance = 1m;

    public const decimal RelativeTolerance = 0.0001m;

    /// <summary>The latest this many periods are diagnosed (002:L2686-2690: the latest three accounting periods).</summary>
    public const int PeriodsDiagnosed = 3;

    public const string Negative = "negative";
    public const string FutureYear = "future_fiscal_year";
    public const string ExceedsTotal = "exceeds_total_assets";
    public const string BalanceSheetMismatch = "balance_sheet_mismatch";
    public const string BalanceSheetRounding = "balance_sheet_rounding";
    public const string NotConsecutive = "periods_not_consecutive";
    public const string DuplicateYear = "duplicate_fiscal_year";

    /// <summary>Errors (refuse) and warnings (keep, but say so) of one statement; <paramref name="prefix"/> names its fields ("statements[0].").</summary>
    public static (IReadOnlyList<StatementProblem> Errors, IReadOnlyList<StatementProblem> Warnings) Check(
        FinancialStatement statement, int currentYear, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(statement);
        var errors = new List<StatementProblem>();
        var warnings = new List<StatementProblem>();
        if (statement.FiscalYear > currentYear)
        {
            errors.Add(new(prefix + "fiscalYear", FutureYear, $"Fiscal year {statement.FiscalYear} is in the future (the current year is {currentYear})."));
        }

        if (statement.FiscalYear < 1949)
        {
            errors.Add(new(prefix + "fiscalYear", "out_of_range", "The fiscal year must be 1949 or later."));
        }

        if (statement.Employees < 0)
        {
            errors.Add(new(prefix + "employees", Negative, "The number of employees cannot be negative."));
        }

        foreach (var (field, value) in NonNegative(statement))
        {
            if (value < 0)
            {
                errors.Add(new(prefix + field, Negative, $"{field} cannot be below zero."));
            }
        }

        if (statement.CurrentAssets > statement.TotalAssets && statement.TotalAssets >= 0)
        {
            errors.Add(new(prefix + "currentAssets", ExceedsTotal, "Current assets cannot exceed total assets."));
        }

        if (statement.TotalLiabilities is { } liabilities)
        {
            var gap = Math.Abs(statement.TotalAssets - (liabilities + statement.NetAssets));
            var tolerance = Math.Max(AbsoluteTolerance, Math.Abs(statement.TotalAssets) * RelativeTolerance);
            if (gap > tolerance)
            {
                errors.Add(new(prefix + "totalLiabilities", BalanceSheetMismatch,
                    $"Total assets {statement.TotalAssets} differ from liabilities plus net assets {liabilities + statement.NetAssets} by {gap}, more than rounding ({tolerance})."));
            }
            else if (gap > 0)
            {
                warnings.Add(new(prefix + "totalLiabilities", BalanceSheetRounding,
                    $"Total assets differ from liabilities plus net assets by {gap}: taken as rounding."));
            }
        }

        if (statement.Opening is { } opening)
        {
            foreach (var (field, value) in new[] { ("opening.receivables", opening.Receivables), ("opening.inventory", opening.Inventory), ("opening.payables", opening.Payables) })
            {
                if (value < 0)
                {
                    errors.Add(new(prefix + field, Negative, $"{field} cannot be below zero."));
                }
            }
        }

        return (errors, warnings);
    }

    /// <summary>
    /// The periods a diagnosis uses: the latest <see cref="PeriodsDiagnosed"/> of <paramref name="fiscalYears"/>, which
    /// must be consecutive years; a problem names the field <paramref name="field"/>.
    /// </summary>
    public static IReadOnlyList<StatementProblem> CheckSeries(IReadOnlyList<int> fiscalYears, string field)
    {
        ArgumentNullException.ThrowIfNull(fiscalYears);
        var problems = new List<StatementProblem>();
        var duplicates = fiscalYears.GroupBy(y => y).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add(new(field, DuplicateYear, $"Fiscal year {string.Join(", ", duplicates)} is given more than once."));
            return problems;
        }

        var latest = fiscalYears.OrderDescending().Take(PeriodsDiagnosed).Order().ToList();
        for (var i = 1; i < latest.Count; i++)
        {
            if (latest[i] != latest[i - 1] + 1)
            {
                problems.Add(new(field, NotConsecutive,
                    $"The latest periods must be consecutive fiscal years; {string.Join(", ", latest)} are not (missing {latest[i - 1] + 1})."));
                break;
            }
        }

        return problems;
    }

    private static IEnumerable<(string Field, decimal Value)> NonNegative(FinancialStatement s) =>
    [
        ("sales", s.Sales), ("costOfSales", s.CostOfSales), ("depreciation", s.Depreciation), ("receivables", s.Receivables),
        ("inventory", s.Inventory), ("payables", s.Payables), ("cash", s.Cash), ("borrowings", s.Borrowings),
        ("currentAssets", s.CurrentAssets), ("currentLiabilities", s.CurrentLiabilities), ("totalAssets", s.TotalAssets),
        ("totalLiabilities", s.TotalLiabilities ?? 0),
    ];
}
