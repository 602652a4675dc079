using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Domain.Configuration;

/// <summary>Which stages may be skipped, and how many days a case may stay in each stage before it is flagged stalled.</summary>
public sealed record StageRules(IReadOnlyList<CaseStage> Skippable, IReadOnlyDictionary<CaseStage, int> LimitDays)
{
    /// <summary>
    /// Preset: samples and the factory visit may be skipped (a technology licence has no samples; a visit may have been
    /// made before); every other step is taken. Limits are an assumption (docs/matching-rules.md).
    /// </summary>
    public static readonly StageRules Preset = new(
        [CaseStage.Samples, CaseStage.FactoryVisit],
        new Dictionary<CaseStage, int>
        {
            [CaseStage.Enquiry] = 14, [CaseStage.Nda] = 21, [CaseStage.Samples] = 45, [CaseStage.QAndA] = 30,
            [CaseStage.FactoryVisit] = 60, [CaseStage.Loi] = 45, [CaseStage.FeasibilityStudy] = 90,
        });
}

/// <summary>
/// The intermediary's fees: a fixed fee charged when a case reaches a stage, plus a share of the contract's value
/// (the business introduction fee) with a floor and a cap. Amounts in CNY.
/// </summary>
public sealed record FeeSchedule(IReadOnlyDictionary<CaseStage, decimal> StageFees, decimal ContractShare, decimal ContractMinimum, decimal ContractMaximum)
{
    public static readonly FeeSchedule Preset = new(
        new Dictionary<CaseStage, decimal> { [CaseStage.Nda] = 500m, [CaseStage.FeasibilityStudy] = 5000m },
        ContractShare: 0.01m, ContractMinimum: 2000m, ContractMaximum: 50000m);

    public decimal FeeFor(CaseStage stage, decimal contractValue)
    {
        var fixedFee = StageFees.TryGetValue(stage, out var fee) ? fee : 0m;
        return stage == CaseStage.Contract
            ? fixedFee + Math.Clamp(Math.Round(contractValue * ContractShare, 2), ContractMinimum, ContractMaximum)
            : fixedFee;
    }
}

/// <summary>One version of the matching configuration: all of it changes together and every use records the version.</summary>
public sealed record MatchingConfiguration(
    int Version,
    ScoreWeights Weights,
    int ReviewersRequired,
    int ValidityMonths,
    int RenewalReminderDays,
    int SuggestionsPerNeed,
    StageRules Stages,
    FeeSchedule Fees)
{
    public static readonly MatchingConfiguration Preset = new(1, ScoreWeights.Preset, ReviewersRequired: 1, ValidityMonths: 12,
        RenewalReminderDays: 30, SuggestionsPerNeed: 10, StageRules.Preset, FeeSchedule.Preset);
}
