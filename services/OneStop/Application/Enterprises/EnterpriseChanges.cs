using System.Text.Json;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>One field of a change: its camelCase API name and the JSON values before and after (null when absent).</summary>
public sealed record FieldChange(string Field, JsonElement? From, JsonElement? To);

/// <summary>Field-level differences between two snapshots as the audit trail stores them (camelCase JSON objects).</summary>
public static class EnterpriseChanges
{
    /// <summary>Bookkeeping that changes with every write and says nothing about the enterprise.</summary>
    private static readonly HashSet<string> Bookkeeping = ["updatedAt", "rowVersion", "eTag"];

    /// <summary>The fields a client supplies (everything but bookkeeping and the derived size classification).</summary>
    private static readonly HashSet<string> Derived = ["sizeClass", "sizeRuleSetId", "sizeRuleSetVersion", "sizeReason", "registeredAt"];

    public static IReadOnlyList<FieldChange> Between(object? before, object? after) =>
        Between(ToElement(before), ToElement(after));

    public static IReadOnlyList<FieldChange> Between(JsonElement? before, JsonElement? after)
    {
        var from = Properties(before);
        var to = Properties(after);
        var changes = new List<FieldChange>();
        foreach (var field in from.Keys.Union(to.Keys).Where(f => !Bookkeeping.Contains(f)))
        {
            JsonElement? a = from.TryGetValue(field, out var x) ? x : null;
            JsonElement? b = to.TryGetValue(field, out var y) ? y : null;
            if (!JsonEquals(a, b))
            {
                changes.Add(new FieldChange(field, a, b));
            }
        }

        return changes;
    }

    /// <summary>The changed fields a client supplied (no derived or bookkeeping fields).</summary>
    public static IReadOnlyList<string> SuppliedFields(IEnumerable<FieldChange> changes) =>
        changes.Select(c => c.Field).Where(f => !Derived.Contains(f)).ToList();

    private static JsonElement? ToElement(object? value) =>
        value is null ? null : JsonSerializer.SerializeToElement(value, MessageJson.Options);

    private static Dictionary<string, JsonElement> Properties(JsonElement? element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element is { ValueKind: JsonValueKind.Object } value)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    properties[property.Name] = property.Value;
                }
            }
        }

        return properties;
    }

    private static bool JsonEquals(JsonElement? a, JsonElement? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        // Numbers compare by value: the audit's jsonb may print 45000000.00 where the record printed 45000000.
        // A number beyond decimal (never written by us, but a reader must not break on it) compares by its text.
        ({ ValueKind: JsonValueKind.Number } x, { ValueKind: JsonValueKind.Number } y) =>
            x.TryGetDecimal(out var m) && y.TryGetDecimal(out var n) ? m == n : JsonElement.DeepEquals(x, y),
        var (x, y) => JsonElement.DeepEquals(x!.Value, y!.Value),
    };
}
