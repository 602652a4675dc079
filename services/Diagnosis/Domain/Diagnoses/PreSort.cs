using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Domain.Diagnoses;

/// <summary>
/// The study's pre-sort of enterprises into three groups (002:L1405-1411): A needs no external support, B will
/// improve with support, C cannot be expected to benefit from it.
/// </summary>
public enum PreSortGroup
{
    A,
    B,
    C,
}

/// <summary>
/// The stated, configurable rule (docs/diagnosis-rules.md "Pre-sort"): group A when the rank is one of
/// <see cref="ARanks"/> and no assessment says otherwise (overall band A, or none recorded); group C when the rank is
/// one of <see cref="CRanks"/>, or the rank is one of <see cref="CRanksWithWeakAssessment"/> and the assessment's
/// overall band is C; group B otherwise. No rank, no group.
/// </summary>
public sealed record PreSortRule(IReadOnlyList<Rank> ARanks, IReadOnlyList<Rank> CRanks, IReadOnlyList<Rank> CRanksWithWeakAssessment)
{
    public static readonly PreSortRule Preset = new([Rank.A], [Rank.D], [Rank.C]);

    public PreSortGroup? Sort(Rank? rank, AssessmentBand? assessment)
    {
        if (rank is not { } r)
        {
            return null;
        }

        if (CRanks.Contains(r) || (CRanksWithWeakAssessment.Contains(r) && assessment == AssessmentBand.C))
        {
            return PreSortGroup.C;
        }

        return ARanks.Contains(r) && assessment is null or AssessmentBand.A ? PreSortGroup.A : PreSortGroup.B;
    }
}
