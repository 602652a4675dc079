using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Domain.Programme;

/// <summary>
/// The excellent-SME programme (002:L1952-1966): 300 enterprises over five years, 60 a year, only the top class on
/// profitability, financial health and accounting transparency. The criteria's thresholds are presets, configurable
/// (docs/diagnosis-rules.md "Excellent-SME programme").
/// </summary>
public sealed record ExcellentSmeRules(
    int IntakePerYear = 60,
    int ProgrammeTotal = 300,
    int ProgrammeYears = 5,
    int MinimumScore = 4,
    int PeriodsRequired = 3,
    int MaxDiagnosisAgeYears = 2)
{
    public static readonly ExcellentSmeRules Preset = new();
}

/// <summary>What one stored fiscal year says for the criteria: a profit, and a balance sheet whose identity could be checked.</summary>
public sealed record PeriodFact(int FiscalYear, bool NetProfitPositive, bool IdentityChecked);

/// <summary>An enterprise's latest diagnosis as the programme reads it: its scores, and the stored years up to the diagnosed one.</summary>
public sealed record CandidateFacts(
    Guid EnterpriseId,
    Guid DiagnosisId,
    string Ward,
    int FiscalYear,
    Rank? Rank,
    decimal ScaledTotal,
    int? OperatingMarginScore,
    int? EquityRatioScore,
    int? EbitdaDebtMultipleScore,
    IReadOnlyList<PeriodFact> Periods);

/// <summary>
/// The three criteria and the evidence for each: <see cref="Profitability"/> (operating margin scored at least the
/// minimum, and a net profit in each of the required periods), <see cref="FinancialHealth"/> (equity ratio and EBITDA
/// debt multiple each scored at least the minimum), <see cref="AccountingTransparency"/> (the required number of
/// consecutive periods up to the diagnosed year stored, each with total liabilities reported so its balance-sheet
/// identity was checked). <see cref="Current"/>: the diagnosis is recent enough for the intake year.
/// </summary>
public sealed record CandidateCriteria(
    bool Profitability,
    bool FinancialHealth,
    bool AccountingTransparency,
    bool Current,
    int ConsecutivePeriods,
    int ProfitablePeriods,
    int PeriodsWithIdentityChecked)
{
    public int Met => (Profitability ? 1 : 0) + (FinancialHealth ? 1 : 0) + (AccountingTransparency ? 1 : 0);

    public bool Eligible => Current && Met == 3;
}

public sealed record RankedCandidate(int Position, CandidateFacts Facts, CandidateCriteria Criteria);

public static class ExcellentSme
{
    public static CandidateCriteria Evaluate(CandidateFacts facts, int intakeYear, ExcellentSmeRules rules)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rules);
        var byYear = facts.Periods.ToDictionary(p => p.FiscalYear);
        var consecutive = new List<PeriodFact>();
        for (var year = facts.FiscalYear; byYear.TryGetValue(year, out var period) && consecutive.Count < rules.PeriodsRequired; year--)
        {
            consecutive.Add(period);
        }

        var enough = consecutive.Count >= rules.PeriodsRequired;
        var profitable = consecutive.Count(p => p.NetProfitPositive);
        var checkedIdentity = consecutive.Count(p => p.IdentityChecked);
        return new CandidateCriteria(
            Profitability: facts.OperatingMarginScore >= rules.MinimumScore && enough && profitable == consecutive.Count,
            FinancialHealth: facts.EquityRatioScore >= rules.MinimumScore && facts.EbitdaDebtMultipleScore >= rules.MinimumScore,
            AccountingTransparency: enough && checkedIdentity == consecutive.Count,
            Current: facts.FiscalYear >= intakeYear - rules.MaxDiagnosisAgeYears && facts.FiscalYear <= intakeYear,
            consecutive.Count, profitable, checkedIdentity);
    }

    /// <summary>
    /// Every current candidate, the most criteria met first, then the higher scaled total of the six scores, then the
    /// better operating-margin, equity and debt scores; the enterprise id breaks the last ties so the order is stable.
    /// </summary>
    public static IReadOnlyList<RankedCandidate> Rank(IEnumerable<CandidateFacts> candidates, int intakeYear, ExcellentSmeRules rules)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return
        [
            .. candidates.Select(c => (Facts: c, Criteria: Evaluate(c, intakeYear, rules)))
                .Where(c => c.Criteria.Current && c.Criteria.Met > 0)
                .OrderByDescending(c => c.Criteria.Met)
                .ThenByDescending(c => c.Facts.ScaledTotal)
                .ThenByDescending(c => c.Facts.OperatingMarginScore ?? 0)
                .ThenByDescending(c => c.Facts.EquityRatioScore ?? 0)
                .ThenByDescending(c => c.Facts.EbitdaDebtMultipleScore ?? 0)
                .ThenBy(c => c.Facts.EnterpriseId)
                .Select((c, i) => new RankedCandidate(i + 1, c.Facts, c.Criteria)),
        ];
    }
}
