using SmePlatform.Application;
using SmePlatform.Diagnosis.Domain.Statements;

namespace SmePlatform.Diagnosis.Application.Statements;

/// <summary>Opening balances as sent (CNY).</summary>
public sealed record OpeningInput(decimal? Receivables, decimal? Inventory, decimal? Payables);

/// <summary>
/// A fiscal year's statement as an advisor sends it (CNY). Every amount and the number of employees is required;
/// <c>totalLiabilities</c> is optional (then the balance-sheet identity is not checked), <c>opening</c> too.
/// </summary>
public sealed record StatementInput(
    int? FiscalYear,
    decimal? Sales,
    decimal? CostOfSales,
    decimal? OperatingProfit,
    decimal? NetProfit,
    decimal? Depreciation,
    decimal? Receivables,
    decimal? Inventory,
    decimal? Payables,
    decimal? Cash,
    decimal? Borrowings,
    decimal? CurrentAssets,
    decimal? CurrentLiabilities,
    decimal? TotalAssets,
    decimal? NetAssets,
    int? Employees,
    decimal? TotalLiabilities = null,
    OpeningInput? Opening = null);

/// <summary>A warning about figures that were kept (e.g. the balance sheet differs by rounding only).</summary>
public sealed record StatementWarning(string Field, string Code, string Message);

public static class StatementParsing
{
    /// <summary>Amounts above this are a typing error (10¹⁵ CNY), not an enterprise.</summary>
    private const decimal MaxAmount = 1_000_000_000_000_000m;

    /// <summary>
    /// The domain statement, or null with every problem of <paramref name="input"/> added to <paramref name="errors"/>
    /// (fields named <paramref name="prefix"/> + the JSON name); warnings go to <paramref name="warnings"/>.
    /// </summary>
    public static FinancialStatement? Parse(StatementInput? input, string prefix, int currentYear, FieldErrors errors, List<StatementWarning> warnings,
        int? fiscalYearFromRoute = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        if (input is null)
        {
            errors.Add(prefix.TrimEnd('.'), "A statement is required.");
            return null;
        }

        var before = errors.ToDictionary().Count;
        var outOfRange = false;
        var fiscalYear = fiscalYearFromRoute ?? input.FiscalYear;
        if (fiscalYearFromRoute is { } routeYear && input.FiscalYear is { } bodyYear && bodyYear != routeYear)
        {
            errors.Add(prefix + "fiscalYear", $"The body says fiscal year {bodyYear}, the address {routeYear}.");
        }

        decimal Required(decimal? value, string field)
        {
            if (value is null)
            {
                errors.Add(prefix + field, "Required.");
                return 0;
            }

            if (Math.Abs(value.Value) > MaxAmount)
            {
                errors.Add(prefix + field, "Out of range.");
                outOfRange = true;
            }

            return value.Value;
        }

        if (fiscalYear is null)
        {
            errors.Add(prefix + "fiscalYear", "Required.");
        }

        if (input.Employees is null)
        {
            errors.Add(prefix + "employees", "Required.");
        }

        // Optional, but as bounded as the rest: the identity check adds it to net assets.
        if (input.TotalLiabilities is { } liabilities && Math.Abs(liabilities) > MaxAmount)
        {
            errors.Add(prefix + "totalLiabilities", "Out of range.");
            outOfRange = true;
        }

        var statement = new FinancialStatement(
            fiscalYear ?? 0,
            Required(input.Sales, "sales"), Required(input.CostOfSales, "costOfSales"), Required(input.OperatingProfit, "operatingProfit"),
            Required(input.NetProfit, "netProfit"), Required(input.Depreciation, "depreciation"), Required(input.Receivables, "receivables"),
            Required(input.Inventory, "inventory"), Required(input.Payables, "payables"), Required(input.Cash, "cash"),
            Required(input.Borrowings, "borrowings"), Required(input.CurrentAssets, "currentAssets"),
            Required(input.CurrentLiabilities, "currentLiabilities"), Required(input.TotalAssets, "totalAssets"), Required(input.NetAssets, "netAssets"),
            input.Employees ?? 0, input.TotalLiabilities,
            input.Opening is null ? null : new OpeningBalances(
                Required(input.Opening.Receivables, "opening.receivables"), Required(input.Opening.Inventory, "opening.inventory"),
                Required(input.Opening.Payables, "opening.payables")));
        // The domain's rules on what was sent: a missing figure reads as 0 above, so rules that compare it with another
        // are left out rather than reported wrongly; an out-of-range figure could overflow them, so then none run.
        var sent = errors.ToDictionary();
        var comparisonsMissing = input.TotalAssets is null || input.NetAssets is null || input.CurrentAssets is null;
        if (fiscalYear is not null && !outOfRange)
        {
            var (problems, cautions) = StatementRules.Check(statement, currentYear, prefix);
            foreach (var problem in problems.Where(p => !sent.ContainsKey(p.Field)
                         && !(comparisonsMissing && p.Code is StatementRules.ExceedsTotal or StatementRules.BalanceSheetMismatch)))
            {
                errors.Add(problem.Field, problem.Message);
            }

            warnings.AddRange(cautions.Select(c => new StatementWarning(c.Field, c.Code, c.Message)));
        }

        return errors.ToDictionary().Count == before ? statement : null;
    }
}
