namespace SmePlatform.Portal.Clients;

/// <summary>A counter referral in the intermediaries' queue (state as Matching writes it: Queued, Accepted, Started, Closed).</summary>
public sealed record MatchingReferral(Guid ReferralId, Guid EnterpriseId, string Uscc, string EnterpriseName, string Ward, string Note, string SentBy,
    DateTimeOffset SentAt, string State, string? TakenBy, string? Result);

public sealed record MatchingEnterprise(Guid EnterpriseId, string Uscc, string Name, string Ward, string IndustryCode);

public sealed record ProcessCapacity(string Name, string? Equipment, decimal Capacity, string Unit);

/// <summary>A need or an offer of a profile.</summary>
public sealed record Listing(Guid Id, string Kind, string Type, string Title, IReadOnlyList<string> IndustryCodes, IReadOnlyList<string> Processes,
    decimal Amount, string Unit, IReadOnlyList<string> RequiredCertifications, IReadOnlyList<string> PreferredWards, DateOnly? Deadline);

public sealed record Profile(Guid Id, string Code, MatchingEnterprise Enterprise, string Outline, IReadOnlyList<string> Products,
    IReadOnlyList<ProcessCapacity> Processes, IReadOnlyList<string> Certifications, IReadOnlyList<Listing> Listings, string State,
    IReadOnlyList<string> Reviewers, DateTimeOffset? PublishedAt, DateTimeOffset? ExpiresAt);

public sealed record ListingInput(string Kind, string Type, string Title, IReadOnlyList<string> IndustryCodes, IReadOnlyList<string> Processes,
    decimal? Amount, string Unit, IReadOnlyList<string> RequiredCertifications, IReadOnlyList<string> PreferredWards);

public sealed record DraftProfile(string Uscc, string Outline, IReadOnlyList<string> Products, IReadOnlyList<string> Certifications,
    IReadOnlyList<ListingInput> Listings);

/// <summary>An enterprise as the viewer may see it: <see cref="Identity"/> only for those who may know who it is.</summary>
public sealed record Counterpart(string Code, string Ward, IReadOnlyList<string> IndustryCodes, IReadOnlyList<string> Certifications, bool Revealed,
    MatchingEnterprise? Identity);

/// <summary>One component of a suggestion's score: its points of its maximum and why.</summary>
public sealed record ScorePoint(string Component, int Points, int MaxPoints, string Reason);

public sealed record Suggestion(Guid NeedId, Guid OfferId, int Score, IReadOnlyList<ScorePoint> Reasons, int WeightsVersion, Listing Offer,
    Counterpart Counterpart);

public sealed record Suggestions(Guid NeedId, IReadOnlyList<Suggestion> Items);

public sealed record Acceptance(string Channel, DateTimeOffset GivenAt, string RecordedBy);

public sealed record IntroductionSide(string Side, Counterpart Party, Acceptance? Acceptance);

public sealed record Introduction(Guid Id, Guid NeedId, Guid OfferId, IntroductionSide Needing, IntroductionSide Offering, bool Revealed, DateTimeOffset? RevealedAt,
    Guid? CaseId);

public sealed record CaseStep(string Stage, DateTimeOffset At, string Actor, string? Documents, string? Reason, string? Note);

public sealed record Rating(int FollowUpMonths, string RatedBy, int OnTimeDelivery, int Quality, int Communication);

public sealed record Contract(decimal Value, string Currency, DateOnly StartDate, string ContractType);

public sealed record PartnershipCase(Guid Id, Guid IntroductionId, string Stage, DateTimeOffset StageSince, bool Stalled, IReadOnlyList<CaseStep> Steps,
    Contract? Contract, decimal FeeCharged, Counterpart Needing, Counterpart Offering, IReadOnlyList<Rating> Ratings);

public sealed record ContractInput(decimal? Value, string Currency, DateOnly? StartDate, string? ContractType);

public sealed record MoveCase(string To, string? Documents, string? Note, ContractInput? Contract);

public sealed record RateCase(int FollowUpMonths, string Side, int? OnTimeDelivery, int? Quality, int? Communication);

/// <summary>The Matching service through the gateway, as the signed-in intermediary (the SME Office reads).</summary>
public sealed class MatchingClient(GatewayApi api)
{
    private const string Api = "api/matching";

    public Task<ApiResult<List<MatchingReferral>>> ReferralsAsync(CancellationToken ct = default) =>
        api.GetAsync<List<MatchingReferral>>($"{Api}/referrals", ct);

    /// <param name="step">acceptance or start: taking a referral on, then starting work on it.</param>
    public Task<ApiResult<MatchingReferral>> AnswerReferralAsync(Guid id, string step, CancellationToken ct = default) =>
        api.PostAsync<MatchingReferral>($"{Api}/referrals/{id}/{step}", new { }, cancellationToken: ct);

    public Task<ApiResult<MatchingReferral>> ReportOutcomeAsync(Guid id, string result, string summary, CancellationToken ct = default) =>
        api.PostAsync<MatchingReferral>($"{Api}/referrals/{id}/outcome", new { result, summary }, cancellationToken: ct);

    public Task<ApiResult<Profile>> DraftAsync(DraftProfile draft, CancellationToken ct = default) =>
        api.PostAsync<Profile>($"{Api}/profiles", draft, cancellationToken: ct);

    public Task<ApiResult<Profile>> ProfileAsync(Guid id, CancellationToken ct = default) => api.GetAsync<Profile>($"{Api}/profiles/{id}", ct);

    /// <param name="step">review or publication.</param>
    public Task<ApiResult<Profile>> AdvanceProfileAsync(Guid id, string step, CancellationToken ct = default) =>
        api.PostAsync<Profile>($"{Api}/profiles/{id}/{step}", new { }, cancellationToken: ct);

    public Task<ApiResult<Suggestions>> SuggestionsAsync(Guid needId, CancellationToken ct = default) =>
        api.GetAsync<Suggestions>($"{Api}/needs/{needId}/suggestions", ct);

    public Task<ApiResult<Introduction>> ProposeAsync(Guid needId, Guid offerId, CancellationToken ct = default) =>
        api.PostAsync<Introduction>($"{Api}/introductions", new { needId, offerId }, cancellationToken: ct);

    public Task<ApiResult<Introduction>> IntroductionAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<Introduction>($"{Api}/introductions/{id}", ct);

    public Task<ApiResult<Introduction>> AcceptAsync(Guid id, string side, string channel, DateTimeOffset givenAt, CancellationToken ct = default) =>
        api.PostAsync<Introduction>($"{Api}/introductions/{id}/acceptances", new { side, channel, givenAt }, cancellationToken: ct);

    public Task<ApiResult<PartnershipCase>> CaseAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<PartnershipCase>($"{Api}/cases/{id}", ct);

    public Task<ApiResult<PartnershipCase>> MoveAsync(Guid id, MoveCase move, CancellationToken ct = default) =>
        api.PostAsync<PartnershipCase>($"{Api}/cases/{id}/transitions", move, cancellationToken: ct);

    public Task<ApiResult<PartnershipCase>> RateAsync(Guid id, RateCase rating, CancellationToken ct = default) =>
        api.PostAsync<PartnershipCase>($"{Api}/cases/{id}/ratings", rating, cancellationToken: ct);
}
