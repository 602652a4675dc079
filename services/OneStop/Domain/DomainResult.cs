namespace SmePlatform.OneStop.Domain;

/// <summary>Bad input (400 with field errors) or a conflict with the current state (409).</summary>
public enum DomainErrorKind
{
    Invalid,
    Conflict,
}

/// <summary>A refused change: a stable <see cref="Code"/> for the ProblemDetails type, a message for people, and the field at fault.</summary>
public sealed record DomainError(string Code, DomainErrorKind Kind, string Message, string? Field = null)
{
    public static DomainError Invalid(string code, string field, string message) => new(code, DomainErrorKind.Invalid, message, field);

    public static DomainError Conflict(string code, string message) => new(code, DomainErrorKind.Conflict, message);
}

/// <summary>The new value after a change, or why the change was refused (nothing changed then).</summary>
public sealed record DomainResult<T>(T? Value, DomainError? Error)
    where T : class
{
    public bool IsOk => Error is null;
}

public static class DomainResult
{
    public static DomainResult<T> Ok<T>(T value)
        where T : class => new(value, null);

    public static DomainResult<T> Fail<T>(DomainError error)
        where T : class => new(null, error);
}
