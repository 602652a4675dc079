using SmePlatform.Diagnosis.Application.Programme;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Application;

/// <summary>
/// Section "Diagnosis": the rank cut-offs and the pre-sort rule (presets in docs/diagnosis-rules.md). Band tables and
/// the programme catalogue are versioned rows in the database instead, because a diagnosis records their version.
/// </summary>
public sealed class DiagnosisOptions
{
    public decimal RankA { get; set; } = RankCutoffs.Preset.A;
    public decimal RankB { get; set; } = RankCutoffs.Preset.B;
    public decimal RankC { get; set; } = RankCutoffs.Preset.C;
    public int MinimumScored { get; set; } = RankCutoffs.Preset.MinimumScored;
    public Rank[] PreSortARanks { get; set; } = [.. PreSortRule.Preset.ARanks];
    public Rank[] PreSortCRanks { get; set; } = [.. PreSortRule.Preset.CRanks];
    public Rank[] PreSortCRanksWithWeakAssessment { get; set; } = [.. PreSortRule.Preset.CRanksWithWeakAssessment];

    /// <summary>The excellent-SME programme's sizes and thresholds.</summary>
    public ExcellentSmeOptions ExcellentSme { get; set; } = new();

    public RankCutoffs Cutoffs => new(RankA, RankB, RankC, MinimumScored);

    public PreSortRule PreSort => new(PreSortARanks, PreSortCRanks, PreSortCRanksWithWeakAssessment);
}
