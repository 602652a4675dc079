namespace SmePlatform.Portal.Clients;

/// <summary>One line of an enterprise's timeline across services.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Source, string Kind, string Summary, string Reference);

public sealed record Timeline(Guid EnterpriseId, IReadOnlyList<TimelineEntry> Items, string? NextBefore);

/// <summary>A reply the receiving service sent back on a referral (applied, or ignored with the reason).</summary>
public sealed record ReferralReply(string Kind, DateTimeOffset OccurredAt, string SentBy, bool Applied, string? IgnoredBecause, string Summary);

public sealed record ReferralOutcome(string Result, string Summary, string? ExternalReference);

public sealed record CaseReferralView(Guid Id, Guid CaseId, string Target, string Note, string State, DateTimeOffset SentAt, string SentBy,
    DateTimeOffset? AcceptedAt, ReferralOutcome? Outcome, string? DeclineOrCancelReason, DateTimeOffset AcceptanceDueBy, bool AcceptanceOverdue,
    IReadOnlyList<ReferralReply> Replies);

public sealed record CaseReferrals(IReadOnlyList<CaseReferralView> Items);

/// <summary>A one-stop case as the counter sees it.</summary>
public sealed record CounterCase(Guid Id, Guid EnterpriseId, string Ward, string ProcedureCode, string Kind, string State, DateTimeOffset OpenedAt,
    DateOnly DueDate, bool Overdue, int? RemainingWorkingDays, IReadOnlyList<string> AllowedActions);

public sealed record CounterCases(IReadOnlyList<CounterCase> Items);

public sealed record LoanRequestInput(string? BankId, decimal? LoanAmount, int? TermMonths, string? Purpose);

public sealed record ReferralInput(string Target, string Note, LoanRequestInput? LoanRequest);

public sealed record SentReferral(CaseReferralView Referral);

/// <summary>A procedure of the service catalogue, named in both languages.</summary>
public sealed record ProcedureName(string Code, string NameEn, string NameZh)
{
    public string InCurrentLanguage => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? NameZh : NameEn;
}

/// <summary>OneStop's case file and timeline through the gateway, as the signed-in clerk (their ward only, as OneStop decides).</summary>
public sealed class CaseFileClient(GatewayApi api)
{
    private const string Api = "api/onestop";

    public Task<ApiResult<Timeline>> TimelineAsync(Guid enterpriseId, string? before, CancellationToken ct = default) =>
        api.GetAsync<Timeline>($"{Api}/enterprises/{enterpriseId}/timeline?limit=20"
            + (before is null ? "" : "&before=" + Uri.EscapeDataString(before)), ct);

    public Task<ApiResult<CounterCases>> CasesAsync(Guid enterpriseId, CancellationToken ct = default) =>
        api.GetAsync<CounterCases>($"{Api}/cases?enterpriseId={enterpriseId}", ct);

    public Task<ApiResult<List<ProcedureName>>> ProceduresAsync(CancellationToken ct = default) =>
        api.GetAsync<List<ProcedureName>>($"{Api}/procedures", ct);

    /// <summary>The procedure's name in the user's language; its code when the catalogue cannot be read.</summary>
    public async Task<Func<string, string>> ProcedureNamesAsync(CancellationToken ct = default)
    {
        var names = (await ProceduresAsync(ct)).Value?.ToDictionary(p => p.Code, p => p.InCurrentLanguage, StringComparer.Ordinal) ?? [];
        return code => names.GetValueOrDefault(code, code);
    }

    public Task<ApiResult<CounterCase>> CaseAsync(Guid id, CancellationToken ct = default) => api.GetAsync<CounterCase>($"{Api}/cases/{id}", ct);

    public Task<ApiResult<CaseReferrals>> ReferralsAsync(Guid caseId, CancellationToken ct = default) =>
        api.GetAsync<CaseReferrals>($"{Api}/cases/{caseId}/referrals", ct);

    public Task<ApiResult<SentReferral>> ReferAsync(Guid caseId, ReferralInput referral, CancellationToken ct = default) =>
        api.PostAsync<SentReferral>($"{Api}/cases/{caseId}/referrals", referral, cancellationToken: ct);
}
