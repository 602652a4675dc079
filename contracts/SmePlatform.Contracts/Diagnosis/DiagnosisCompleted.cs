namespace SmePlatform.Contracts.Diagnosis;

/// <summary>
/// An advisor completed a diagnosis of an enterprise (for the enterprise's timeline and the statistics). Carries the
/// rank and bands only, never figures: statements are confidential business data (docs/diagnosis-rules.md).
/// </summary>
/// <param name="Number">1 for the enterprise's first diagnosis, 2 for the re-diagnosis after it, …</param>
/// <param name="Kind">"quick" or "full".</param>
/// <param name="Rank">Local Benchmark's rank "A" … "D"; null when too few indicators could be scored.</param>
/// <param name="PreSort">The study's pre-sort group "A", "B" or "C"; null without a rank.</param>
/// <param name="AssessmentBand">The management assessment's overall band "A", "B" or "C"; null for a quick diagnosis.</param>
/// <param name="ReferralId">The counter referral the diagnosis answers, if any.</param>
public sealed record DiagnosisCompleted(
    Guid DiagnosisId,
    Guid EnterpriseId,
    int Number,
    string Ward,
    string Kind,
    int FiscalYear,
    string? Rank,
    string? PreSort,
    string? AssessmentBand,
    Guid? ReferralId,
    string Advisor,
    DateTimeOffset OccurredAt,
    int Version = 1) : IIntegrationEvent;
