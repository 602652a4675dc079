using System.Net.Http.Headers;

namespace SmePlatform.Portal.Clients;

/// <summary>A counter referral in the advisors' queue; State is Waiting, Accepted, Started, Declined, Completed or Cancelled.</summary>
public sealed record ReferralView(Guid ReferralId, Guid EnterpriseId, string Uscc, string EnterpriseName, string Ward, string Note, string SentBy,
    DateTimeOffset SentAt, string State, string? Advisor, Guid? DiagnosisId);

public sealed record ReferralQueue(IReadOnlyList<ReferralView> Referrals);

public sealed record ImportWarning(string Field, string Code, string Message);

/// <summary>A statement import that stored every row (a file with any bad cell stores nothing and answers each cell's error).</summary>
public sealed record ImportResult(int Rows, int Enterprises, string Unit, IReadOnlyList<ImportWarning> Warnings);

public sealed record IndicatorInput(string Name, int FiscalYear, decimal Value);

/// <summary>One indicator of a diagnosis: a value, or none and the reason; a score 1–5 for the six scored ones; the formula in words.</summary>
public sealed record IndicatorView(string Code, int FiscalYear, decimal? Value, string? Reason, int? Score, string Formula, string Unit,
    IReadOnlyList<IndicatorInput> Inputs);

public sealed record RankView(int Total, int Scored, decimal ScaledTotal, string? Rank);

public sealed record ItemScore(string Item, int Score, string Band);

public sealed record AssessmentView(IReadOnlyList<ItemScore> Items, decimal Overall, string Band);

public sealed record Recommendation(string Indicator, int Score, string Programme, string NameEn, string NameZh, string Target);

public sealed record IndicatorDelta(string Code, decimal? Previous, decimal? Current, decimal? Change, int? PreviousScore, int? CurrentScore, int? ScoreChange);

/// <summary>The change against the enterprise's diagnosis just before this one.</summary>
public sealed record DiagnosisDeltas(Guid PreviousId, int PreviousNumber, string? PreviousRank, string? CurrentRank, IReadOnlyList<IndicatorDelta> Indicators);

/// <summary>A diagnosis in full, as advisors and the SME Office read it.</summary>
public sealed record DiagnosisView(Guid Id, Guid EnterpriseId, int Number, string Ward, string? IndustryCode, string Kind, int FiscalYear,
    IReadOnlyList<int> Periods, IReadOnlyList<IndicatorView> Indicators, RankView Rank, AssessmentView? Assessment, string? PreSort,
    IReadOnlyList<Recommendation> Recommendations, DiagnosisDeltas? Deltas, string Advisor, DateTimeOffset CreatedAt);

public sealed record DiagnosisSummary(Guid Id, int Number, string Kind, int FiscalYear, string? Rank, int TotalScore, string? PreSort,
    string? AssessmentBand, string Advisor, DateTimeOffset CreatedAt);

public sealed record DiagnosisList(Guid EnterpriseId, IReadOnlyList<DiagnosisSummary> Diagnoses);

/// <param name="Kind">Quick or Full; a full diagnosis has the advisor's six item scores (1–5) by item code.</param>
public sealed record RunDiagnosis(Guid EnterpriseId, string Ward, string? IndustryCode, string Kind, RunAssessment? Assessment);

public sealed record RunAssessment(IReadOnlyDictionary<string, int> Items);

/// <summary>The Diagnosis service through the gateway, as the signed-in advisor (or the SME Office, reading).</summary>
public sealed class DiagnosisClient(GatewayApi api)
{
    private const string Api = "api/diagnosis";

    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public Task<ApiResult<ReferralQueue>> ReferralsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<ReferralQueue>($"{Api}/referrals", cancellationToken);

    /// <param name="unit">cny or wan (万元): the unit of the file's amounts.</param>
    public Task<ApiResult<ImportResult>> ImportAsync(byte[] file, string mediaType, string unit, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return api.PostContentAsync<ImportResult>($"{Api}/statement-imports?unit={Uri.EscapeDataString(unit)}", content, cancellationToken);
    }

    public Task<ApiResult<DiagnosisView>> RunAsync(RunDiagnosis request, CancellationToken cancellationToken = default) =>
        api.PostAsync<DiagnosisView>($"{Api}/diagnoses", request, cancellationToken: cancellationToken);

    public Task<ApiResult<DiagnosisView>> DiagnosisAsync(Guid id, CancellationToken cancellationToken = default) =>
        api.GetAsync<DiagnosisView>($"{Api}/diagnoses/{id}", cancellationToken);

    public Task<ApiResult<DiagnosisList>> ListAsync(Guid enterpriseId, CancellationToken cancellationToken = default) =>
        api.GetAsync<DiagnosisList>($"{Api}/enterprises/{enterpriseId}/diagnoses", cancellationToken);
}
