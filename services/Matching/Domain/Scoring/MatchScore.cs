using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Domain.Scoring;

/// <summary>One component of a score: its points out of its weight, and the reason in words a person can check.</summary>
public sealed record ScoreReason(string Component, int Points, int MaxPoints, string Reason);

/// <summary>A score 0-100 and the reasons that make it up (the points add up to the score).</summary>
public sealed record MatchScore(int Score, IReadOnlyList<ScoreReason> Reasons, int WeightsVersion);

/// <summary>The side that needs: the need itself and where its enterprise is.</summary>
public sealed record NeedSide(Listing Need, string Ward);

/// <summary>The side that offers: the offer, and its profile's processes, certifications, ward and past ratings (1-5).</summary>
public sealed record OfferSide(Listing Offer, string Ward, IReadOnlyList<ProcessCapacity> Processes, IReadOnlyList<string> Certifications,
    IReadOnlyList<int> PastRatings);

/// <summary>
/// Scores an offer against a need (docs/matching-rules.md): each component gives a share of its weight, rounded to whole
/// points, so the reasons add up exactly to the score.
/// </summary>
public static class MatchScorer
{
    public static MatchScore Score(NeedSide need, OfferSide offer, ScoreWeights weights, int weightsVersion)
    {
        ScoreReason[] reasons =
        [
            Component("types", weights.Types, Types(need.Need.Type, offer.Offer.Type)),
            Component("industry", weights.Industry, Industry(need.Need.IndustryCodes, offer.Offer.IndustryCodes)),
            Component("processes", weights.Processes, Processes(need.Need.Processes, offer)),
            Component("capacity", weights.Capacity, Capacity(need.Need.Quantity, offer.Offer.Quantity)),
            Component("certifications", weights.Certifications, Certifications(need.Need.RequiredCertifications, offer.Certifications)),
            Component("distance", weights.Distance, Distance(need, offer.Ward)),
            Component("ratings", weights.Ratings, Ratings(offer.PastRatings)),
        ];
        return new MatchScore(reasons.Sum(r => r.Points), reasons, weightsVersion);
    }

    /// <summary>Whether an offer is a candidate at all: a complementary type or one of the same family.</summary>
    public static bool IsCandidate(PartnershipType need, PartnershipType offer) => Types(need, offer).Share > 0;

    private static ScoreReason Component(string name, int weight, (double Share, string Reason) part) =>
        new(name, (int)Math.Round(weight * Math.Clamp(part.Share, 0, 1), MidpointRounding.AwayFromZero), weight, part.Reason);

    private static (double Share, string Reason) Types(PartnershipType need, PartnershipType offer)
    {
        if (PartnershipTypes.Complement(need) == offer)
        {
            return (1, $"A need for {need} meets an offer of {offer}: complementary types.");
        }

        return PartnershipTypes.Family(need) == PartnershipTypes.Family(offer)
            ? (0.5, $"A need for {need} and an offer of {offer}: not complementary, but the same family ({PartnershipTypes.Family(need)}).")
            : (0, $"A need for {need} and an offer of {offer} do not meet.");
    }

    private static (double, string) Industry(IReadOnlyList<string> needCodes, IReadOnlyList<string> offerCodes)
    {
        var best = (Relation: 0, Need: "", Offer: "");
        foreach (var n in needCodes)
        {
            foreach (var o in offerCodes)
            {
                var relation = IndustryCode.Relation(n, o);
                if (relation > best.Relation)
                {
                    best = (relation, n, o);
                }
            }
        }

        return best.Relation switch
        {
            4 => (1.0, $"Same industry class ({best.Need})."),
            3 => (0.75, $"Same industry group ({best.Need[..4]}): {best.Need} and {best.Offer}."),
            2 => (0.5, $"Same industry division ({best.Need[..3]}): {best.Need} and {best.Offer}."),
            1 => (0.25, $"Same industry section ({best.Need[..1]}): {best.Need} and {best.Offer}."),
            _ => (0.0, "No industry in common."),
        };
    }

    private static (double, string) Processes(IReadOnlyList<string> wanted, OfferSide offer)
    {
        if (wanted.Count == 0)
        {
            return (1, "The need asks for no particular process.");
        }

        var available = offer.Processes.Select(p => p.Name).Concat(offer.Offer.Processes).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var held = wanted.Where(available.Contains).ToArray();
        var missing = wanted.Except(held, StringComparer.OrdinalIgnoreCase).ToArray();
        return ((double)held.Length / wanted.Count, missing.Length == 0
            ? $"Runs every process asked for ({string.Join(", ", held)})."
            : $"Runs {held.Length} of {wanted.Count} processes asked for; missing: {string.Join(", ", missing)}.");
    }

    private static (double, string) Capacity(Quantity needed, Quantity offered)
    {
        if (needed.Unit != offered.Unit)
        {
            return (0, $"The capacity is stated in {offered.Unit}, the quantity in {needed.Unit}: they cannot be compared.");
        }

        return offered.Amount >= needed.Amount
            ? (1, $"A capacity of {offered.Amount:0.##} {offered.Unit} covers the {needed.Amount:0.##} needed.")
            : ((double)(offered.Amount / needed.Amount), $"A capacity of {offered.Amount:0.##} {offered.Unit} covers {offered.Amount / needed.Amount:P0} of the {needed.Amount:0.##} needed.");
    }

    private static (double, string) Certifications(IReadOnlyList<string> required, IReadOnlyList<string> held)
    {
        if (required.Count == 0)
        {
            return (1, "The need requires no certification.");
        }

        var missing = required.Where(r => !held.Contains(r, StringComparer.OrdinalIgnoreCase)).ToArray();
        return ((double)(required.Count - missing.Length) / required.Count, missing.Length == 0
            ? $"Holds every certification required ({string.Join(", ", required)})."
            : $"Holds {required.Count - missing.Length} of {required.Count} certifications required; missing: {string.Join(", ", missing)}.");
    }

    private static (double, string) Distance(NeedSide need, string offerWard)
    {
        if (need.Need.PreferredWards.Contains(offerWard, StringComparer.OrdinalIgnoreCase))
        {
            return (1, $"In a ward the need prefers ({offerWard}).");
        }

        return Wards.Between(need.Ward, offerWard) switch
        {
            Proximity.SameWard => (1.0, $"In the same ward ({offerWard})."),
            Proximity.NeighbouringWard => (0.7, $"In a neighbouring ward ({offerWard} borders {need.Ward})."),
            Proximity.SameCity => (0.4, $"In the same city ({offerWard}, not bordering {need.Ward})."),
            _ => (0.0, "Outside Shenyang's wards."),
        };
    }

    private static (double, string) Ratings(IReadOnlyList<int> ratings)
    {
        if (ratings.Count == 0)
        {
            return (0.5, "No past partnership ratings yet: neutral.");
        }

        var average = ratings.Average();
        return ((average - 1) / 4, $"Past partnerships rated {average:0.0} of 5 on average ({ratings.Count} rating(s)).");
    }
}
