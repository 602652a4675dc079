using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmePlatform.Matching.Data;

/// <summary>How aggregates are written into their jsonb documents: web names, enums by name (as on the wire).</summary>
internal static class DocumentJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} document is empty.");
}

/// <summary>A stored document and its version (optimistic concurrency).</summary>
internal sealed class DocumentRow
{
    public string Body { get; init; } = null!;

    public int Version { get; init; }
}
