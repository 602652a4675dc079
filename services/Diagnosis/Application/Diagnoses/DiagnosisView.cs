using System.Text.Json;
using System.Text.Json.Serialization;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Assessment;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.Diagnosis.Domain.Indicators;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Application.Diagnoses;

/// <summary>The band row that scored an indicator, shown with it so the score explains itself.</summary>
public sealed record BandView(string Table, string Industry, BandDirection Direction, IReadOnlyList<decimal> Edges, string Source, bool Assumption);

/// <summary>
/// One indicator: <c>value</c> null when undefined, then <c>reason</c> says why; <c>score</c> 1–5 for the six scored
/// ones (null for the study's indices, and for an indicator undefined for lack of data).
/// </summary>
/// <remarks><c>value</c>, <c>reason</c> and <c>score</c> are always written, null included: the contract names them on every indicator.</remarks>
public sealed record IndicatorView(
    string Code,
    int FiscalYear,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Score,
    string Formula,
    string Unit,
    IReadOnlyList<IndicatorInput> Inputs,
    BandView? Band);

/// <summary>The operating cash flow of one period: <c>value</c> null with its <c>reason</c> when the opening balances are unknown.</summary>
public sealed record CashFlowView(
    int FiscalYear,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    string Formula,
    IReadOnlyList<IndicatorInput> Inputs)
{
    public static CashFlowView From(IndicatorResult r) => new(r.FiscalYear, r.Value, r.Reason, r.Formula, r.Inputs);
}

public sealed record RankView(int Total, int Scored, decimal ScaledTotal, Rank? Rank, RankCutoffs Cutoffs);

public sealed record AssessmentView(IReadOnlyList<ItemScore> Items, decimal Overall, AssessmentBand Band, IReadOnlyList<ViewpointScore> Viewpoints);

/// <summary>
/// A referral an advisor started from a recommendation through the one-stop centre's loop: its id, where it went, where it
/// stands (sent, accepted, started, achieved, not_achieved, declined, cancelled) and the receiver's summary or reason.
/// </summary>
public sealed record RecommendationReferralView(Guid Id, string Target, string State, string? Summary, string? ReceiverReference, Guid CaseId,
    string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset UpdatedAt)
{
    public static RecommendationReferralView From(RecommendationReferralRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.ReferralId, r.Target, r.State, r.Summary, r.ReceiverReference, r.CaseId, r.RequestedBy, r.RequestedAt, r.UpdatedAt);
    }
}

/// <summary>A recommendation (a weak indicator's programme) and its latest referral, when the advisor started one.</summary>
public sealed record RecommendationView(string Indicator, int Score, string Programme, string NameEn, string NameZh, string Target,
    RecommendationReferralView? Referral)
{
    public static RecommendationView From(Recommendation r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Indicator, r.Score, r.Programme, r.NameEn, r.NameZh, r.Target, null);
    }
}

/// <summary>A full diagnosis, as advisors and the SME Office see it.</summary>
public sealed record DiagnosisView(
    Guid Id,
    Guid EnterpriseId,
    int Number,
    string Ward,
    string? IndustryCode,
    DiagnosisKind Kind,
    int FiscalYear,
    IReadOnlyList<int> Periods,
    IReadOnlyList<IndicatorView> Indicators,
    IReadOnlyList<CashFlowView> OperatingCashFlows,
    RankView Rank,
    AssessmentView? Assessment,
    PreSortGroup? PreSort,
    IReadOnlyList<RecommendationView> Recommendations,
    DiagnosisDeltas? Deltas,
    IReadOnlyList<StatementWarning> Warnings,
    string BandTable,
    int CatalogueVersion,
    Guid? ReferralId,
    string Advisor,
    DateTimeOffset CreatedAt);

/// <summary>A diagnosis as counter staff see it (and as lists show it): no figures.</summary>
public sealed record DiagnosisSummaryView(
    Guid Id,
    Guid EnterpriseId,
    int Number,
    string Ward,
    DiagnosisKind Kind,
    int FiscalYear,
    Rank? Rank,
    int TotalScore,
    PreSortGroup? PreSort,
    AssessmentBand? AssessmentBand,
    string Advisor,
    DateTimeOffset CreatedAt)
{
    public static DiagnosisSummaryView From(DiagnosisRecord r) => new(r.Id, r.EnterpriseId, r.Number, r.Ward, Enum.Parse<DiagnosisKind>(r.Kind),
        r.FiscalYear, r.Rank is null ? null : Enum.Parse<Rank>(r.Rank), r.TotalScore, r.PreSort is null ? null : Enum.Parse<PreSortGroup>(r.PreSort),
        r.AssessmentBand is null ? null : Enum.Parse<AssessmentBand>(r.AssessmentBand), r.Advisor, r.CreatedAt);
}

/// <summary>A diagnosis read: the full answer or, for counter staff, the summary.</summary>
public sealed record DiagnosisRead(DiagnosisView? Full, DiagnosisSummaryView Summary);

/// <summary>How a diagnosis' answer is stored: the API's JSON shape (camelCase, enums by name).</summary>
public static class DiagnosisJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Write(DiagnosisView view) => JsonSerializer.Serialize(view, Options);

    public static DiagnosisView Read(string json) => JsonSerializer.Deserialize<DiagnosisView>(json, Options)
        ?? throw new InvalidOperationException("A stored diagnosis is empty.");
}
