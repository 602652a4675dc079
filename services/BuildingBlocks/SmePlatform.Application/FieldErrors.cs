namespace SmePlatform.Application;

/// <summary>
/// Collects every field error of a request, so the caller learns all of them at once rather than one per attempt.
/// Field names are as the caller sent them (camelCase JSON names, or the proto's field names over gRPC).
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Adds <paramref name="message"/> under <paramref name="field"/> when <paramref name="condition"/> holds.</summary>
    public FieldErrors AddIf(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The refusal naming every field error, or null when there are none.</summary>
    public Refusal? ToRefusal(string title) => Any ? Refusal.Invalid(title, ToDictionary()) : null;
}
