namespace SmePlatform.Application;

/// <summary>
/// How a use case says no. Each kind maps to one HTTP status (ServiceDefaults' <c>RefusalProblems</c>) and one gRPC
/// status code (<c>GrpcErrors.ToRpcException</c>), so REST and gRPC callers get the same answer in their transport's words.
/// </summary>
public enum RefusalKind
{
    /// <summary>The input is wrong: 400 / INVALID_ARGUMENT, with every field error at once.</summary>
    Invalid,

    /// <summary>Not there, or not the caller's to see (saying "forbidden" would confirm it exists): 404 / NOT_FOUND.</summary>
    NotFound,

    /// <summary>The caller may not do this at all (a role or scope is missing): 403 / PERMISSION_DENIED.</summary>
    Forbidden,

    /// <summary>A rule refuses it in the current state: 409 / FAILED_PRECONDITION.</summary>
    Conflict,

    /// <summary>The caller's version is not the current one (optimistic concurrency): 412 / ABORTED.</summary>
    Stale,

    /// <summary>The caller did not say which version it changes (no If-Match): 428 / FAILED_PRECONDITION.</summary>
    VersionRequired,

    /// <summary>Well-formed, but what it names cannot be used (e.g. an enterprise not in the register): 422 / FAILED_PRECONDITION.</summary>
    Unprocessable,

    /// <summary>Something this use case needs (another service) is away; nothing changed, retry later: 503 / UNAVAILABLE.</summary>
    Unavailable,

    /// <summary>Another service this use case called did not answer in time: 504 / DEADLINE_EXCEEDED.</summary>
    UpstreamTimeout,

    /// <summary>Another service this use case called failed the request: 502 / UNAVAILABLE.</summary>
    UpstreamFailed,
}

/// <summary>
/// A refused request: nothing changed. <see cref="Code"/> is stable (clients switch on it; it is also the problem type's
/// last segment unless <see cref="ProblemType"/> says otherwise); <see cref="Title"/> and <see cref="Detail"/> are for
/// people; <see cref="Errors"/> lists every field error at once (Invalid); <see cref="Details"/> carries what a client can
/// act on (the current state, the allowed actions, the current version), as problem extensions and gRPC error metadata.
/// </summary>
public sealed record Refusal(string Code, RefusalKind Kind, string Title, string? Detail = null)
{
    private static readonly Dictionary<string, string[]> NoErrors = [];
    private static readonly Dictionary<string, object?> NoDetails = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = NoErrors;

    public IReadOnlyDictionary<string, object?> Details { get; init; } = NoDetails;

    /// <summary>The problem type's last segment when it is not <see cref="Code"/> (a family of codes sharing one type).</summary>
    public string? ProblemType { get; init; }

    /// <summary>Bad input: every field error at once, under "validation".</summary>
    public static Refusal Invalid(string title, IReadOnlyDictionary<string, string[]> errors) =>
        new("validation", RefusalKind.Invalid, title) { Errors = errors };

    /// <summary>Bad input on one field.</summary>
    public static Refusal Invalid(string title, string field, string message) =>
        Invalid(title, new Dictionary<string, string[]> { [field] = [message] });

    public static Refusal NotFound(string title) => new("not-found", RefusalKind.NotFound, title);

    public static Refusal Forbidden(string code, string title, string? detail = null) => new(code, RefusalKind.Forbidden, title, detail);

    public static Refusal Conflict(string code, string title, string? detail = null) => new(code, RefusalKind.Conflict, title, detail);

    public static Refusal Stale(string title, string? detail = null) => new("version-conflict", RefusalKind.Stale, title, detail);

    public static Refusal VersionRequired(string title, string? detail = null) =>
        new("precondition-required", RefusalKind.VersionRequired, title, detail);

    public static Refusal Unprocessable(string code, string title, string? detail = null) => new(code, RefusalKind.Unprocessable, title, detail);

    public static Refusal Unavailable(string code, string title, string? detail = null) => new(code, RefusalKind.Unavailable, title, detail);

    /// <summary>This refusal with one more detail for the client (e.g. <c>With("state", "approved")</c>).</summary>
    public Refusal With(string key, object? value) => this with { Details = new Dictionary<string, object?>(Details) { [key] = value } };
}
