namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// The risk grade from up to three years of statements. Operating cash flow comes first (002:L2595: the banks and
/// the CGF take it as the important indicator), so it weighs <see cref="GradingRules.OcfWeight"/> times; then equity
/// ratio and the EBITDA debt multiple (docs/domain.md "Enterprise diagnosis"). An undefined indicator scores 0 points:
/// the fund cannot rely on what it cannot measure.
/// </summary>
public static class RiskGrading
{
    public const int MaxYears = 3;
    public const string OperatingCashFlow = "Operating cash flow margin";
    public const string EquityRatio = "Equity ratio";
    public const string DebtMultiple = "EBITDA debt multiple";

    public static Dictionary<string, string[]> Validate(IReadOnlyList<FinancialStatement> statements)
    {
        var errors = new Errors();
        if (statements.Count > MaxYears)
        {
            errors.Add("financialStatements", $"At most {MaxYears} years of statements (the latest three, 002:L2690).");
        }

        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            var path = $"financialStatements[{i}]";
            if (s.FiscalYear is < 1990 or > 2100)
            {
                errors.Add($"{path}.fiscalYear", "The fiscal year is a four-digit year.");
            }
            else if (statements.Take(i).Any(o => o.FiscalYear == s.FiscalYear))
            {
                errors.Add($"{path}.fiscalYear", $"{s.FiscalYear} appears twice.");
            }

            NonNegative(s.Sales, $"{path}.sales", errors);
            NonNegative(s.Depreciation, $"{path}.depreciation", errors);
            NonNegative(s.Receivables, $"{path}.receivables", errors);
            NonNegative(s.Inventory, $"{path}.inventory", errors);
            NonNegative(s.Payables, $"{path}.payables", errors);
            NonNegative(s.Cash, $"{path}.cash", errors);
            NonNegative(s.Borrowings, $"{path}.borrowings", errors);
            NonNegative(s.TotalAssets, $"{path}.totalAssets", errors);
            Amount(s.OperatingProfit, $"{path}.operatingProfit", errors);
            Amount(s.NetProfit, $"{path}.netProfit", errors);
            Amount(s.NetAssets, $"{path}.netAssets", errors);
            if (s.Opening is { } o)
            {
                NonNegative(o.Receivables, $"{path}.opening.receivables", errors);
                NonNegative(o.Inventory, $"{path}.opening.inventory", errors);
                NonNegative(o.Payables, $"{path}.opening.payables", errors);
            }
        }

        return errors.ToDictionary();
    }

    /// <summary>
    /// Operating cash flow by the indirect method (002:L2678-2684): net profit + depreciation − increase in receivables
    /// − increase in inventory + increase in payables. Opening balances come from <see cref="FinancialStatement.Opening"/>
    /// or else the previous fiscal year's statement; without either the figure is undefined.
    /// </summary>
    public static IndicatorValue OperatingCashFlowOf(FinancialStatement statement, FinancialStatement? previousYear)
    {
        var opening = statement.Opening
            ?? (previousYear is { } p ? new WorkingCapital(p.Receivables, p.Inventory, p.Payables) : null);
        if (opening is null)
        {
            return IndicatorValue.Undefined($"no opening balances for {statement.FiscalYear}: supply {statement.FiscalYear - 1}'s statement or the opening receivables, inventory and payables");
        }

        return IndicatorValue.Of(statement.NetProfit + statement.Depreciation
            - (statement.Receivables - opening.Receivables)
            - (statement.Inventory - opening.Inventory)
            + (statement.Payables - opening.Payables));
    }

    /// <summary>Net assets ÷ total assets; undefined for zero total assets or negative net assets.</summary>
    public static IndicatorValue EquityRatioOf(FinancialStatement s) =>
        s.TotalAssets == 0 ? IndicatorValue.Undefined("total assets are zero")
        : s.NetAssets < 0 ? IndicatorValue.Undefined("net assets are negative (liabilities exceed assets)")
        : IndicatorValue.Of(s.NetAssets / s.TotalAssets);

    /// <summary>(Borrowings − cash) ÷ (operating profit + depreciation); undefined when EBITDA is zero or negative.</summary>
    public static IndicatorValue DebtMultipleOf(FinancialStatement s)
    {
        var ebitda = s.OperatingProfit + s.Depreciation;
        return ebitda <= 0
            ? IndicatorValue.Undefined(ebitda == 0 ? "operating profit + depreciation is zero" : "operating profit + depreciation is negative")
            : IndicatorValue.Of((s.Borrowings - s.Cash) / ebitda);
    }

    /// <summary>Grades statements that passed <see cref="Validate"/>. <paramref name="on"/> is the assessment date (for the diagnosis' age).</summary>
    public static RiskAssessment Assess(GradingRules rules, IReadOnlyList<FinancialStatement> statements, LatestDiagnosis? diagnosis, DateOnly on)
    {
        if (Validate(statements).Count > 0)
        {
            throw new ArgumentException("The statements are not valid; call Validate first.", nameof(statements));
        }

        if (statements.Count == 0)
        {
            return new RiskAssessment(RiskGrade.NoBalanceSheet, RiskGrade.NoBalanceSheet, null, [], [],
                diagnosis is null ? null : "The diagnosis band does not change the flat rate for enterprises without a balance sheet.",
                "No financial statements: graded as an enterprise without a balance sheet.");
        }

        var years = statements.OrderBy(s => s.FiscalYear).ToList();
        var cashFlows = new List<OperatingCashFlowYear>();
        for (var i = 0; i < years.Count; i++)
        {
            var previous = i > 0 && years[i - 1].FiscalYear == years[i].FiscalYear - 1 ? years[i - 1] : null;
            cashFlows.Add(new OperatingCashFlowYear(years[i].FiscalYear, OperatingCashFlowOf(years[i], previous)));
        }

        var latest = years[^1];
        var ocf = ScoreCashFlow(rules, latest, cashFlows);
        var equity = ScoreHigherIsBetter(EquityRatio, latest.FiscalYear, EquityRatioOf(latest), rules.EquityRatio, percent: true);
        equity = equity with { Reason = equity.Reason + "." };
        var debt = ScoreDebtMultiple(rules, latest);
        var points = ocf.Points * ocf.Weight + equity.Points + debt.Points;
        var financialGrade = GradeFor(rules, points);
        var (grade, adjustment) = ApplyDiagnosis(rules, financialGrade, diagnosis, on);
        var reason = $"Risk grade {grade.Number} from {points} of {rules.MaxPoints} points ({ocf.Weight} × {ocf.Points} cash flow + {equity.Points} equity + {debt.Points} debt)"
            + (grade == financialGrade ? "." : $", moved from grade {financialGrade.Number} by the diagnosis.");
        return new RiskAssessment(grade, financialGrade, points, cashFlows, [ocf, equity, debt], adjustment, reason);
    }

    public static RiskGrade GradeFor(GradingRules rules, int points)
    {
        for (var i = 0; i < rules.GradeMinimumPoints.Count; i++)
        {
            if (points >= rules.GradeMinimumPoints[i])
            {
                return RiskGrade.Of(i + 1);
            }
        }

        return RiskGrade.Of(FeeSchedule.Grades);
    }

    /// <summary>
    /// A consented diagnosis less than <see cref="GradingRules.DiagnosisMaxAgeMonths"/> old moves the grade by
    /// <see cref="GradingRules.DiagnosisGrades"/> (preset 1): band A (needs no support) better, C (cannot benefit from
    /// support) worse, B unchanged, never beyond grade 1 or 9. A small weight, so that the statements decide and the
    /// advisor's diagnosis refines.
    /// </summary>
    public static (RiskGrade Grade, string? Explanation) ApplyDiagnosis(GradingRules rules, RiskGrade grade, LatestDiagnosis? diagnosis, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (diagnosis is null || grade.Number is not { } n)
        {
            return (grade, null);
        }

        if (!diagnosis.ConsentGiven)
        {
            return (grade, "The latest diagnosis was not used: the enterprise has not consented.");
        }

        if (!IsRecent(rules, diagnosis.AssessedOn, on))
        {
            return (grade, $"The diagnosis of {diagnosis.AssessedOn:yyyy-MM-dd} was not used: it is older than {rules.DiagnosisMaxAgeMonths} months.");
        }

        var step = rules.DiagnosisGrades;
        if (step == 0)
        {
            return (grade, $"Diagnosis band {diagnosis.Band} ({diagnosis.AssessedOn:yyyy-MM-dd}): the configuration gives the diagnosis no weight; grade unchanged.");
        }

        return diagnosis.Band switch
        {
            DiagnosisBand.A when n > 1 => (RiskGrade.Of(Math.Max(1, n - step)),
                $"Diagnosis band A ({diagnosis.AssessedOn:yyyy-MM-dd}, management needs no support): {Grades(n - Math.Max(1, n - step))} better, {n} → {Math.Max(1, n - step)}."),
            DiagnosisBand.A => (grade, "Diagnosis band A: already the best grade."),
            DiagnosisBand.C when n < FeeSchedule.Grades => (RiskGrade.Of(Math.Min(FeeSchedule.Grades, n + step)),
                $"Diagnosis band C ({diagnosis.AssessedOn:yyyy-MM-dd}, management cannot benefit from support): {Grades(Math.Min(FeeSchedule.Grades, n + step) - n)} worse, {n} → {Math.Min(FeeSchedule.Grades, n + step)}."),
            DiagnosisBand.C => (grade, "Diagnosis band C: already the lowest grade."),
            _ => (grade, $"Diagnosis band B ({diagnosis.AssessedOn:yyyy-MM-dd}, will improve with support): grade unchanged."),
        };

        static string Grades(int count) => count == 1 ? "one grade" : $"{count} grades";
    }

    /// <summary>A diagnosis counts while it is at most <see cref="GradingRules.DiagnosisMaxAgeMonths"/> old on <paramref name="on"/>.</summary>
    public static bool IsRecent(GradingRules rules, DateOnly assessedOn, DateOnly on) => assessedOn.AddMonths(rules.DiagnosisMaxAgeMonths) >= on;

    private static IndicatorScore ScoreCashFlow(GradingRules rules, FinancialStatement latest, List<OperatingCashFlowYear> cashFlows)
    {
        var latestCashFlow = cashFlows[^1].Value;
        var margin = latestCashFlow.Value is not { } cashFlow ? IndicatorValue.Undefined(latestCashFlow.UndefinedReason!)
            : latest.Sales == 0 ? IndicatorValue.Undefined("sales are zero")
            : IndicatorValue.Of(cashFlow / latest.Sales);
        var score = ScoreHigherIsBetter(OperatingCashFlow, latest.FiscalYear, margin, rules.OcfMargin, percent: true) with { Weight = rules.OcfWeight };
        var negativeEarlier = cashFlows.Take(cashFlows.Count - 1).Where(c => c.Value.Value < 0).Select(c => c.FiscalYear).ToList();
        if (negativeEarlier.Count > 0 && score.Points > rules.OcfCapWhenEarlierYearNegative)
        {
            score = score with
            {
                Points = rules.OcfCapWhenEarlierYearNegative,
                Reason = score.Reason + $"; capped at {rules.OcfCapWhenEarlierYearNegative} because operating cash flow was negative in {string.Join(", ", negativeEarlier)}",
            };
        }

        return score with { Reason = score.Reason + $" (weight {rules.OcfWeight})." };
    }

    private static IndicatorScore ScoreDebtMultiple(GradingRules rules, FinancialStatement latest)
    {
        var value = DebtMultipleOf(latest);
        var netDebt = latest.Borrowings - latest.Cash;
        if (netDebt <= 0)
        {
            var best = rules.DebtMultiple.Count == 0 ? 0 : rules.DebtMultiple.Max(b => b.Points);
            return new IndicatorScore(DebtMultiple, latest.FiscalYear, value, best, 1,
                $"{DebtMultiple} ({latest.FiscalYear}): cash covers borrowings (no net debt) → {best} points.");
        }

        if (value.Value is not { } multiple)
        {
            return new IndicatorScore(DebtMultiple, latest.FiscalYear, value, 0, 1,
                $"{DebtMultiple} ({latest.FiscalYear}) undefined: {value.UndefinedReason}, with net debt of {Money.Format(netDebt)} → 0 points.");
        }

        foreach (var band in rules.DebtMultiple)
        {
            if (multiple <= band.Bound)
            {
                return new IndicatorScore(DebtMultiple, latest.FiscalYear, value, band.Points, 1,
                    $"{DebtMultiple} {Money.Number(decimal.Round(multiple, 2))} years ({latest.FiscalYear}): at most {Money.Number(band.Bound)} → {band.Points} points.");
            }
        }

        return new IndicatorScore(DebtMultiple, latest.FiscalYear, value, 0, 1,
            $"{DebtMultiple} {Money.Number(decimal.Round(multiple, 2))} years ({latest.FiscalYear}): above every band → 0 points.");
    }

    private static IndicatorScore ScoreHigherIsBetter(string name, int year, IndicatorValue value, IReadOnlyList<ScoreBand> bands, bool percent)
    {
        if (value.Value is not { } v)
        {
            return new IndicatorScore(name, year, value, 0, 1, $"{name} ({year}) undefined: {value.UndefinedReason} → 0 points");
        }

        string Show(decimal x) => percent ? Money.Percent(decimal.Round(x, 4)) : Money.Number(x);
        foreach (var band in bands)
        {
            if (v >= band.Bound)
            {
                return new IndicatorScore(name, year, value, band.Points, 1, $"{name} {Show(v)} ({year}): at least {Show(band.Bound)} → {band.Points} points");
            }
        }

        return new IndicatorScore(name, year, value, 0, 1, $"{name} {Show(v)} ({year}): below every band → 0 points");
    }

    private static void NonNegative(decimal amount, string field, Errors errors)
    {
        if (amount < 0)
        {
            errors.Add(field, "Cannot be negative.");
        }
        else
        {
            Amount(amount, field, errors);
        }
    }

    private static void Amount(decimal amount, string field, Errors errors)
    {
        if (Math.Abs(amount) > Money.MaxAmount || !Money.HasAtMostTwoDecimals(amount))
        {
            errors.Add(field, "An amount in CNY with at most two decimals.");
        }
    }
}
