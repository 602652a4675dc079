using SmePlatform.Matching.Domain.Introductions;

namespace SmePlatform.Matching.Domain.Cases;

/// <summary>The follow-ups after a contract: 3, 6 and 12 months after its start.</summary>
public enum FollowUp
{
    Month3 = 3,
    Month6 = 6,
    Month12 = 12,
}

/// <summary>One side's rating of its partner at a follow-up, each 1-5.</summary>
public sealed record FollowUpRating(FollowUp FollowUp, Side RatedBy, int OnTimeDelivery, int Quality, int Communication, DateTimeOffset RecordedAt, string RecordedBy)
{
    public double Average => (OnTimeDelivery + Quality + Communication) / 3.0;

    /// <summary>Checks a rating against the case: after a contract, one per side and follow-up, not before the follow-up is due.</summary>
    public static IReadOnlyList<MatchingError> Check(PartnershipCase @case, IReadOnlyList<FollowUpRating> existing, FollowUp followUp, Side side,
        int onTime, int quality, int communication, DateOnly today)
    {
        var errors = new List<MatchingError>();
        foreach (var (field, value) in new[] { ("onTimeDelivery", onTime), ("quality", quality), ("communication", communication) })
        {
            if (value is < 1 or > 5)
            {
                errors.Add(MatchingError.InField(field, "A rating is 1 to 5."));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (@case.Contract is not { } contract)
        {
            return [new MatchingError("no-contract", "Follow-up ratings are recorded once the case has a contract.")];
        }

        if (today < contract.StartDate.AddMonths((int)followUp))
        {
            return [new MatchingError("follow-up-not-due", $"The {(int)followUp}-month follow-up is due on {contract.StartDate.AddMonths((int)followUp):yyyy-MM-dd}.")];
        }

        return existing.Any(r => r.FollowUp == followUp && r.RatedBy == side)
            ? [new MatchingError("rating-already-recorded", $"The {side.ToString().ToLowerInvariant()} side's {(int)followUp}-month rating is already recorded.")]
            : [];
    }
}
