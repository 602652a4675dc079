using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Domain.Diagnoses;

/// <summary>
/// A programme a weak indicator leads to, and where a referral for it goes (<see cref="Target"/>: "credit-guarantee",
/// "partnership-matching" or "diagnosis" for the advisors' own coaching).
/// </summary>
public sealed record Programme(string Code, string Indicator, string NameEn, string NameZh, string Target, bool Assumption);

/// <summary>A versioned catalogue of programmes; an indicator scoring at or below <see cref="WeakAtOrBelow"/> is weak.</summary>
public sealed record ProgrammeCatalogue(int Version, int WeakAtOrBelow, IReadOnlyList<Programme> Programmes);

/// <summary>One recommendation: a weak indicator's score and a programme for it.</summary>
public sealed record Recommendation(string Indicator, int Score, string Programme, string NameEn, string NameZh, string Target);

public static class Recommendations
{
    /// <summary>Every programme of every weak indicator, weakest indicators first, in the catalogue's order within one.</summary>
    public static IReadOnlyList<Recommendation> For(IReadOnlyList<IndicatorScore> scores, ProgrammeCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(catalogue);
        return
        [
            .. scores.Where(s => s.Score is { } v && v <= catalogue.WeakAtOrBelow)
                .OrderBy(s => s.Score)
                .SelectMany(s => catalogue.Programmes.Where(p => p.Indicator == s.Code)
                    .Select(p => new Recommendation(s.Code, s.Score!.Value, p.Code, p.NameEn, p.NameZh, p.Target))),
        ];
    }
}
