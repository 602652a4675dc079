namespace SmePlatform.Application;

/// <summary>
/// The caller's Idempotency-Key of one write, with the hash of the request as bound (so property order and whitespace
/// of the sent JSON do not matter, and a REST call and a gRPC call of the same request hash alike). A use case that
/// takes one reserves it inside the write's transaction and stores its answer with it before commit; a retry with the
/// same key then gets the first answer again (<see cref="Idempotent{T}.Replayed"/>), another request with the same key
/// gets <see cref="IdempotencyRefusals.Reused"/>.
/// </summary>
public sealed record IdempotencyKey(string Key, string RequestHash)
{
    /// <summary>The longest key accepted; keys are visible ASCII characters (a UUID is usual).</summary>
    public const int MaxLength = 255;

    /// <summary>Why <paramref name="key"/> is unusable, or null when it is usable.</summary>
    public static string? Problem(string key) =>
        key.Length == 0 || key.Length > MaxLength || key.Any(c => c is < '!' or > '~')
            ? $"1 to {MaxLength} visible ASCII characters, the same on every retry of this request (e.g. a UUID)."
            : null;
}

/// <summary>
/// What an idempotent write answers: its value and the answer as stored with the key (<see cref="Body"/>, the JSON the
/// first caller received, byte for byte), with the status it was given (200, 201) and the resource it made.
/// <see cref="Replayed"/> when this is the first answer given again.
/// </summary>
public sealed record Idempotent<T>(T Value, string Body, int Status, Guid? ResourceId, bool Replayed);

/// <summary>
/// One kind of idempotent write: <see cref="Name"/> is stored with the key (a key used for one operation is refused on
/// another); <see cref="What"/> names the request in the 409's words ("submission"); <see cref="ExistingIdName"/>, for
/// a creation, is the 409's extension naming what the key created (e.g. <c>existingApplicationId</c>).
/// </summary>
public sealed record IdempotentOperation(string Name, string What, string? ExistingIdName = null);

/// <summary>The refusals of the Idempotency-Key mechanism, the same in every service.</summary>
public static class IdempotencyRefusals
{
    public const string ReusedCode = "idempotency-key-reused";

    /// <summary>409: the key already stands for another request (another body, operation or resource).</summary>
    public static Refusal Reused(string what, string detail) =>
        Refusal.Conflict(ReusedCode, $"This Idempotency-Key was already used for a different {what}.", detail);
}
