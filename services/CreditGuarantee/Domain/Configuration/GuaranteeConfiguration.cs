namespace SmePlatform.CreditGuarantee.Domain;

/// <summary>
/// Every number of the guarantee, versioned: the SME Office changes rules without a deploy, and each decision
/// records the <see cref="Id"/> and <see cref="Version"/> it used. <see cref="Preset"/> holds the docs/domain.md presets
/// (see docs/guarantee-rules.md for each value and its source). Check a configuration with
/// <see cref="GuaranteeConfigurationValidator.Validate"/> before using it.
/// </summary>
public sealed record GuaranteeConfiguration(
    string Id,
    int Version,
    DateOnly EffectiveFrom,
    FundLimits Fund,
    IReadOnlyList<PartnerAgreement> PartnerAgreements,
    ConcentrationLimits Concentration,
    IReadOnlyList<CoverageProgramme> CoverageProgrammes,
    FeeSchedule Fees,
    InstalmentFactors Instalments,
    GradingRules Grading,
    WorkflowRules Workflow)
{
    public const string StandardProgramme = "standard";
    public const string ExpressProgramme = "express";

    public string Label => $"{Id} v{Version}";

    public CoverageProgramme? FindProgramme(string? code) =>
        CoverageProgrammes.FirstOrDefault(p => string.Equals(p.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The agreement of a bank in force on a date (start and end dates inclusive), if any.</summary>
    public PartnerAgreement? AgreementOf(string bankId, DateOnly on) =>
        PartnerAgreements.FirstOrDefault(a => a.BankId == bankId && a.IsInForceOn(on));

    /// <summary>
    /// The presets. Capital, enterprise ceiling and concentration limits have no source figure: they are named
    /// assumptions (docs/guarantee-rules.md) for the fund administrator to replace. No partner agreement is preset,
    /// so until one is entered every application fails the bank-cap check.
    /// </summary>
    public static GuaranteeConfiguration Preset { get; } = new(
        Id: "cgf-preset",
        Version: 1,
        EffectiveFrom: new DateOnly(2026, 1, 1),
        Fund: new FundLimits(Capital: 100_000_000m, LeverageMultiple: 10m, EnterpriseCeiling: 5_000_000m),
        PartnerAgreements: [],
        Concentration: new ConcentrationLimits(
            DefaultIndustrySectionShare: 0.40m,
            IndustrySectionShares: new Dictionary<char, decimal>(),
            DefaultWardShare: 0.40m,
            WardShares: new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase),
            AppliesFromOutstanding: 50_000_000m),
        CoverageProgrammes:
        [
            new(StandardProgramme, "standard programme", [new(1_200_000m, 0.85m), new(null, 0.75m)]),
            new(ExpressProgramme, "express programme", [new(null, 0.50m)]),
        ],
        Fees: new FeeSchedule(
            AnnualRateByGrade: [0.0045m, 0.0060m, 0.0080m, 0.0100m, 0.0115m, 0.0135m, 0.0155m, 0.0175m, 0.0190m],
            NoBalanceSheetRate: 0.0115m),
        Instalments: new InstalmentFactors(
            Bullet: 1.00m,
            EqualInstalments: [new(6, 0.70m), new(12, 0.65m), new(24, 0.60m), new(null, 0.55m)]),
        Grading: new GradingRules(
            OcfWeight: 2,
            OcfMargin: [new(0.10m, 4), new(0.05m, 3), new(0.02m, 2), new(0.00m, 1)],
            OcfCapWhenEarlierYearNegative: 2,
            EquityRatio: [new(0.40m, 4), new(0.25m, 3), new(0.15m, 2), new(0.05m, 1)],
            DebtMultiple: [new(2m, 4), new(5m, 3), new(8m, 2), new(12m, 1)],
            GradeMinimumPoints: [15, 13, 11, 9, 7, 5, 3, 1, 0],
            DiagnosisMaxAgeMonths: 24),
        Workflow: new WorkflowRules(
            SecondExaminerAboveLoanAmount: 1_200_000m,
            DefaultTriggerDaysPastDue: 60,
            AntiSplittingWindowDays: 90,
            ExaminationTimeLimitWorkingDays: ExaminationTimeLimit.PresetWorkingDays));
}

/// <summary>Leverage: outstanding guarantees ≤ capital × multiple. The enterprise ceiling caps one enterprise's outstanding guarantees.</summary>
public sealed record FundLimits(decimal Capital, decimal LeverageMultiple, decimal EnterpriseCeiling)
{
    public decimal GuaranteeCapacity => Capital * LeverageMultiple;
}

/// <summary>A partner bank's agreement: the cap on its outstanding guarantees between two dates (both inclusive; no end = open-ended).</summary>
public sealed record PartnerAgreement(string BankId, DateOnly Start, DateOnly? End, decimal Cap)
{
    public bool IsInForceOn(DateOnly on) => Start <= on && (End is null || on <= End);
}

/// <summary>
/// Concentration limits as a share of the fund's outstanding guarantees (after the new one). A share of a small
/// portfolio means nothing (the first guarantee is 100% of it), so they apply only once outstanding guarantees
/// after the new one reach <see cref="AppliesFromOutstanding"/>.
/// </summary>
public sealed record ConcentrationLimits(
    decimal DefaultIndustrySectionShare,
    IReadOnlyDictionary<char, decimal> IndustrySectionShares,
    decimal DefaultWardShare,
    IReadOnlyDictionary<string, decimal> WardShares,
    decimal AppliesFromOutstanding)
{
    public decimal IndustrySectionLimit(char section) => IndustrySectionShares.GetValueOrDefault(section, DefaultIndustrySectionShare);

    public decimal WardLimit(string ward) => WardShares.GetValueOrDefault(ward, DefaultWardShare);
}

/// <summary>Coverage by loan size: bands in ascending order of <see cref="CoverageBand.UpToLoanAmount"/>; the last band is open (null).</summary>
public sealed record CoverageProgramme(string Code, string Name, IReadOnlyList<CoverageBand> Bands);

/// <summary>Loans up to and including <see cref="UpToLoanAmount"/> (above the previous band's bound) get <see cref="Coverage"/>.</summary>
public sealed record CoverageBand(decimal? UpToLoanAmount, decimal Coverage);

/// <summary>Annual fee rates: index 0 is grade 1 (the best, lowest rate), index 8 grade 9.</summary>
public sealed record FeeSchedule(IReadOnlyList<decimal> AnnualRateByGrade, decimal NoBalanceSheetRate)
{
    public const int Grades = 9;

    public decimal RateOf(RiskGrade grade) => grade.Number is { } n ? AnnualRateByGrade[n - 1] : NoBalanceSheetRate;
}

/// <summary>
/// The fee discount for a loan repaid in instalments (its balance falls over the term). The sources (002, docs/domain.md)
/// give only the four factors 0.70/0.65/0.60/0.55. ASSUMPTION (named in docs/guarantee-rules.md): they map to the
/// number of equal instalments as in Japan's credit guarantee corporations' table: 2–6 → 0.70, 7–12 → 0.65,
/// 13–24 → 0.60, 25 or more → 0.55; a bullet (one repayment at maturity) pays the full fee, factor 1.00.
/// </summary>
public sealed record InstalmentFactors(decimal Bullet, IReadOnlyList<InstalmentFactorBand> EqualInstalments);

/// <summary>Plans with up to and including <see cref="UpToInstalments"/> equal instalments (null: any number).</summary>
public sealed record InstalmentFactorBand(int? UpToInstalments, decimal Factor);

/// <summary>
/// Points for an indicator. For operating cash flow margin and equity ratio a value at or above <see cref="Bound"/>
/// earns <see cref="Points"/>; for the debt multiple a value at or below it does. Bands are listed best first;
/// a value in no band earns 0.
/// </summary>
public sealed record ScoreBand(decimal Bound, int Points);

/// <summary>
/// Risk grading: total points = <see cref="OcfWeight"/> × operating cash flow points + equity ratio points + debt
/// multiple points; grade g is the first g whose <see cref="GradeMinimumPoints"/>[g−1] the total reaches. A consented
/// diagnosis at most <see cref="DiagnosisMaxAgeMonths"/> old moves that grade by <see cref="DiagnosisGrades"/> (its weight:
/// 0 gives it none; versions stored before the field existed read as the preset, 1).
/// </summary>
public sealed record GradingRules(
    int OcfWeight,
    IReadOnlyList<ScoreBand> OcfMargin,
    int OcfCapWhenEarlierYearNegative,
    IReadOnlyList<ScoreBand> EquityRatio,
    IReadOnlyList<ScoreBand> DebtMultiple,
    IReadOnlyList<int> GradeMinimumPoints,
    int DiagnosisMaxAgeMonths,
    int DiagnosisGrades = GradingRules.PresetDiagnosisGrades)
{
    public const int PresetDiagnosisGrades = 1;

    /// <summary>A diagnosis refines the statements' grade; it never outweighs them (docs/adr/0058).</summary>
    public const int MaxDiagnosisGrades = 2;

    public int MaxPoints =>
        OcfWeight * MaxOf(OcfMargin) + MaxOf(EquityRatio) + MaxOf(DebtMultiple);

    private static int MaxOf(IReadOnlyList<ScoreBand> bands) => bands.Count == 0 ? 0 : bands.Max(b => b.Points);
}

/// <summary>
/// A second examiner (four-eyes) is needed for loans strictly above <see cref="SecondExaminerAboveLoanAmount"/>;
/// a guarantee is in default at <see cref="DefaultTriggerDaysPastDue"/> or more days past due; an application is a
/// possible split when the same borrower has another application submitted within <see cref="AntiSplittingWindowDays"/>;
/// an application still undecided <see cref="ExaminationTimeLimitWorkingDays"/> working days after its submission is
/// overdue (<see cref="ExaminationTimeLimit"/>). Versions stored before that field existed read as the preset.
/// </summary>
public sealed record WorkflowRules(
    decimal SecondExaminerAboveLoanAmount,
    int DefaultTriggerDaysPastDue,
    int AntiSplittingWindowDays,
    int ExaminationTimeLimitWorkingDays = ExaminationTimeLimit.PresetWorkingDays);
