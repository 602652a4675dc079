using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Application.Suggestions;

/// <summary>An offer suggested for a need: the score, every component's points and reason, and the offering side as the viewer may see it.</summary>
public sealed record SuggestionView(Guid NeedId, Guid OfferId, int Score, IReadOnlyList<ScoreReason> Reasons, int WeightsVersion, DateTimeOffset ComputedAt,
    ListingView Offer, CounterpartView Counterpart, string? DismissedReason, DateTimeOffset? DismissedAt);

public sealed record SuggestionsView(Guid NeedId, IReadOnlyList<SuggestionView> Items);
