namespace SmePlatform.Architecture.Tests.Messages;

/// <summary>
/// A call whose arguments named in <see cref="Messages"/> end up, as they are, as a problem's title or detail or a field
/// error. <see cref="Class"/> is the class the method is called on (or the type constructed when <see cref="Method"/>
/// equals it).
/// </summary>
public sealed record Sink(string Class, string Method, IReadOnlyList<string> Parameters, IReadOnlySet<string> Messages)
{
    public static Sink Of(string @class, string method, string parameters, params string[] messages) =>
        new(@class, method, parameters.Split(',', StringSplitOptions.TrimEntries), messages.ToHashSet());

    /// <summary>A positional record's (or class's) constructor.</summary>
    public static Sink New(string type, string parameters, params string[] messages) => Of(type, type, parameters, messages);

    public override string ToString() => $"{Class}.{Method}({string.Join(", ", Parameters.Select(p => Messages.Contains(p) ? "*" + p : p))})";
}

/// <summary>
/// The calls that make problems, as the building blocks and each service's domain define them. Everything else is
/// found from these: a method that passes one of its parameters to a message argument is a sink for that parameter
/// (<see cref="MessageScan"/>), so a service's helper (<c>EnterpriseRefusals.OutsideYourWard(caller, ward, title)</c>)
/// needs no entry here. A new domain error type (a record carrying a message that becomes a refusal) needs one.
/// </summary>
public static class Sinks
{
    public static IReadOnlyList<Sink> Known { get; } =
    [
        // SmePlatform.Application: the refusal and its field errors.
        Sink.New("Refusal", "code, kind, title, detail", "title", "detail"),
        Sink.Of("Refusal", "Invalid", "title, errors", "title"),
        Sink.Of("Refusal", "Invalid", "title, field, message", "title", "message"),
        Sink.Of("Refusal", "NotFound", "title", "title"),
        Sink.Of("Refusal", "Forbidden", "code, title, detail", "title", "detail"),
        Sink.Of("Refusal", "Conflict", "code, title, detail", "title", "detail"),
        Sink.Of("Refusal", "Unprocessable", "code, title, detail", "title", "detail"),
        Sink.Of("Refusal", "Unavailable", "code, title, detail", "title", "detail"),
        Sink.Of("Refusal", "Stale", "title, detail", "title", "detail"),
        Sink.Of("Refusal", "VersionRequired", "title, detail", "title", "detail"),
        Sink.Of("FieldErrors", "Add", "field, message", "message"),
        Sink.Of("FieldErrors", "AddIf", "condition, field, message", "message"),
        Sink.Of("FieldErrors", "ToRefusal", "title", "title"),

        // ASP.NET Core's problem results.
        Sink.Of("TypedResults", "Problem", "detail, instance, statusCode, title, type, extensions", "detail", "title"),
        Sink.Of("Results", "Problem", "detail, instance, statusCode, title, type, extensions", "detail", "title"),
        Sink.Of("TypedResults", "ValidationProblem", "errors, detail, instance, statusCode, title, type, extensions", "detail", "title"),
        Sink.Of("Results", "ValidationProblem", "errors, detail, instance, statusCode, title, type, extensions", "detail", "title"),

        // The services' domain errors, which their use cases turn into refusals with the message as it is.
        Sink.New("DomainError", "code, kind, message, field", "message"),
        Sink.Of("DomainError", "Invalid", "code, field, message", "message"),
        Sink.Of("DomainError", "Conflict", "code, message", "message"),
        Sink.New("UsccError", "position, message", "message"),
        Sink.New("TransitionError", "from, to, action, code, message", "message"),
        Sink.New("MatchingError", "code, message, field", "message"),
        Sink.New("StatementProblem", "field, code, message", "message"),
        Sink.New("ReferralRefusal", "code, message", "message"),

        // What a service's register client says when OneStop cannot answer (it becomes the refusal's detail).
        Sink.New("Unavailable", "detail", "detail"),

        // CreditGuarantee's workflow guards: an error (code, message) that becomes the TransitionError.
        Sink.Of("GuaranteeWorkflow", "Err", "code, message", "message"),

        // The gateway's answer when a service did not answer.
        Sink.New("DownstreamFailure", "status, code, title, mayHaveBeenApplied", "title"),
    ];

    /// <summary>
    /// By convention a method (or local function) <c>Add(string field, string message)</c> or <c>Error(field, message)</c>
    /// collects a field error, whatever collection it keeps them in (CreditGuarantee's <c>Errors</c>, a validator's local
    /// function).
    /// </summary>
    public static bool IsFieldErrorCollector(Declaration method) =>
        method.Name is "Add" or "Error" && method.Parameters.SequenceEqual(["field", "message"]);

    /// <summary>Methods whose answer (a string, or null) is a field error or detail given as it is.</summary>
    public static IReadOnlySet<string> MessageReturning { get; } = new HashSet<string>
    {
        "IdempotencyKey.Problem",
    };
}
