namespace SmePlatform.Application;

/// <summary>
/// What a use case answers: its value, or the refusal that says why not (and then nothing changed). Handlers return a
/// value or a <see cref="Refusal"/> directly; the conversions make either an outcome.
/// </summary>
public readonly record struct Outcome<T>
{
    private readonly T? value;

    public Outcome(T value)
    {
        this.value = value;
        Refusal = null;
    }

    public Outcome(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        value = default;
        Refusal = refusal;
    }

    public Refusal? Refusal { get; }

    public bool IsRefused => Refusal is not null;

    /// <summary>The value; reading it from a refused outcome is a programming error.</summary>
    public T Value => Refusal is null ? value! : throw new InvalidOperationException($"The outcome was refused ({Refusal.Code}).");

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Refusal refusal) => new(refusal);

    /// <summary>One function for the value, one for the refusal: how a transport turns an outcome into its answer.</summary>
    public TResult Match<TResult>(Func<T, TResult> ok, Func<Refusal, TResult> refused)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(refused);
        return Refusal is { } refusal ? refused(refusal) : ok(value!);
    }
}
