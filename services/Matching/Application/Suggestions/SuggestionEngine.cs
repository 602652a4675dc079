using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Configuration;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Application.Suggestions;

/// <summary>The live offering profiles and their past ratings, read once and scored against many needs (the refresh).</summary>
public sealed record CandidatePool(IReadOnlyList<PartneringProfile> Profiles, ILookup<Guid, int> Ratings);

/// <summary>
/// Computes the top suggestions of needs (docs/matching-rules.md, "Score"): every live offer of a candidate type from
/// another enterprise is scored, the best <see cref="MatchingConfiguration.SuggestionsPerNeed"/> are kept. Called in the
/// unit of work of the change that makes them stale, so suggestions never lag behind a published profile; the refresh
/// (<see cref="RefreshSuggestionsHandler"/>) catches up with what no request changes: a new weights version, expiries.
/// </summary>
public sealed class SuggestionEngine(ProfileStore profiles)
{
    /// <summary>
    /// After <paramref name="changed"/> was published, renewed, moved or withdrawn (not yet committed): its needs get
    /// suggestions (none when it is not live), and every live need its offers could answer is recomputed with it among the
    /// candidates, or without it when it is no longer live.
    /// </summary>
    public async Task RecomputeAroundAsync(UnitOfWork unit, PartneringProfile changed, MatchingConfiguration config, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var need in changed.Needs)
        {
            if (changed.IsLive(now))
            {
                await RecomputeNeedAsync(unit, changed, need, changed, config, now, ct);
            }
            else
            {
                SuggestionStore.Replace(unit, need.Id, [], now, config.Version);
            }
        }

        var offerTypes = changed.Offers.Select(o => o.Type).Distinct().ToArray();
        if (offerTypes.Length == 0)
        {
            return;
        }

        var needTypes = Enum.GetValues<PartnershipType>().Where(n => offerTypes.Any(o => MatchScorer.IsCandidate(n, o))).ToArray();
        foreach (var needing in await profiles.LiveWithAsync(ListingKind.Need, needTypes, now, ct))
        {
            if (needing.Id == changed.Id)
            {
                continue;
            }

            foreach (var need in needing.Needs.Where(n => needTypes.Contains(n.Type)))
            {
                await RecomputeNeedAsync(unit, needing, need, changed, config, now, ct);
            }
        }
    }

    /// <summary>Recomputes one need's suggestions; <paramref name="extra"/> is a candidate not yet committed (or null).</summary>
    public async Task RecomputeNeedAsync(UnitOfWork unit, PartneringProfile needing, Listing need, PartneringProfile? extra, MatchingConfiguration config,
        DateTimeOffset now, CancellationToken ct)
    {
        var types = CandidateTypes(need);
        var candidates = (await profiles.LiveWithAsync(ListingKind.Offer, types, now, ct))
            .Where(p => p.Id != extra?.Id)
            .Concat(extra is not null && extra.IsLive(now) ? [extra] : [])
            .ToArray();
        var ratings = await profiles.RatingsOfAsync([.. candidates.Select(c => c.Id)], ct);
        Store(unit, needing, need, new CandidatePool(candidates, ratings), config, now);
    }

    /// <summary>Every live offering profile and the ratings they received, for scoring many needs in one go.</summary>
    public async Task<CandidatePool> LivePoolAsync(DateTimeOffset now, CancellationToken ct)
    {
        var candidates = await profiles.LiveWithAsync(ListingKind.Offer, Enum.GetValues<PartnershipType>(), now, ct);
        return new CandidatePool(candidates, await profiles.RatingsOfAsync([.. candidates.Select(c => c.Id)], ct));
    }

    /// <summary>Scores <paramref name="need"/> against the pool and writes its top suggestions in <paramref name="unit"/>.</summary>
    public static void Store(UnitOfWork unit, PartneringProfile needing, Listing need, CandidatePool pool, MatchingConfiguration config, DateTimeOffset now)
    {
        if (need.Deadline is { } deadline && deadline < DateOnly.FromDateTime(now.UtcDateTime))
        {
            SuggestionStore.Replace(unit, need.Id, [], now, config.Version);
            return;
        }

        var types = CandidateTypes(need);
        var side = new NeedSide(need, needing.Enterprise.Ward);
        var top = pool.Profiles
            .Where(p => p.Enterprise.EnterpriseId != needing.Enterprise.EnterpriseId)
            .SelectMany(p => p.Offers.Where(o => types.Contains(o.Type)).Select(o => (Offer: o, Profile: p)))
            .Select(c => (c.Offer.Id, Score: MatchScorer.Score(side,
                new OfferSide(c.Offer, c.Profile.Enterprise.Ward, c.Profile.Processes, c.Profile.Certifications, [.. pool.Ratings[c.Profile.Id]]),
                config.Weights, config.Version)))
            .OrderByDescending(s => s.Score.Score).ThenBy(s => s.Id)
            .Take(config.SuggestionsPerNeed)
            .ToArray();
        SuggestionStore.Replace(unit, need.Id, top, now, config.Version);
    }

    private static PartnershipType[] CandidateTypes(Listing need) =>
        [.. Enum.GetValues<PartnershipType>().Where(o => MatchScorer.IsCandidate(need.Type, o))];
}
