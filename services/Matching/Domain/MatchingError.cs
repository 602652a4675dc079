namespace SmePlatform.Matching.Domain;

/// <summary>
/// A rule of the matching domain refused a change: <see cref="Code"/> is stable (clients switch on it), <see cref="Message"/>
/// says why in words. <see cref="Field"/> names the input at fault when there is one (a validation error), else null (a
/// refusal in the current state). The application layer turns it into the platform's refusal.
/// </summary>
public sealed record MatchingError(string Code, string Message, string? Field = null)
{
    public bool IsFieldError => Field is not null;

    public static MatchingError InField(string field, string message) => new("validation", message, field);
}

/// <summary>A domain answer: the new state, or the errors (every one of them) that refuse it.</summary>
public readonly record struct Checked<T>(T? Value, IReadOnlyList<MatchingError> Errors)
{
    public bool Ok => Errors.Count == 0;

    public static implicit operator Checked<T>(T value) => new(value, []);

    public static implicit operator Checked<T>(MatchingError error) => new(default, [error]);
}

public static class Checked
{
    public static Checked<T> Refused<T>(IReadOnlyList<MatchingError> errors) => new(default, errors);
}
