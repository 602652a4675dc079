namespace SmePlatform.Matching.Domain.Scoring;

/// <summary>
/// The most points each component of the score can give; they add up to 100. Versioned configuration: every suggestion
/// records the version it was scored with, so a score can always be explained with the weights that made it.
/// </summary>
public sealed record ScoreWeights(int Types, int Industry, int Processes, int Capacity, int Certifications, int Distance, int Ratings)
{
    public static readonly ScoreWeights Preset = new(Types: 25, Industry: 20, Processes: 15, Capacity: 15, Certifications: 10, Distance: 10, Ratings: 5);

    public int Total => Types + Industry + Processes + Capacity + Certifications + Distance + Ratings;

    public IReadOnlyList<MatchingError> Check()
    {
        var errors = new List<MatchingError>();
        if (new[] { Types, Industry, Processes, Capacity, Certifications, Distance, Ratings }.Any(w => w < 0))
        {
            errors.Add(MatchingError.InField("weights", "No weight is negative."));
        }

        if (Total != 100)
        {
            errors.Add(MatchingError.InField("weights", $"The weights add up to 100 (these add up to {Total})."));
        }

        return errors;
    }
}
