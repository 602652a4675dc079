using System.Text.Json;

namespace SmePlatform.Data;

/// <summary>One JSON shape for stored messages and audit snapshots: camelCase, like the APIs.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
