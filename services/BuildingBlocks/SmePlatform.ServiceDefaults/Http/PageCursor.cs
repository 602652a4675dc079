using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>
/// The opaque "next page" token of a keyset-paged list. It carries the last row's sort key as JSON, prefixed with the
/// list it belongs to and a format version, base64url-encoded: clients must not build or edit one, a cursor of one list
/// is refused by another, and a future change of the key's shape bumps the version so old cursors are refused (400)
/// rather than misread.
/// </summary>
public static class PageCursor
{
    private const string Version = "v1";

    public static string Encode<TPosition>(string list, TPosition position)
    {
        ArgumentException.ThrowIfNullOrEmpty(list);
        var text = $"{Version}|{list}|{JsonSerializer.Serialize(position)}";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The position, or false when the cursor is not one this list issued (tampered, another list's, an older format).</summary>
    public static bool TryDecode<TPosition>(string list, string? cursor, out TPosition? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1024)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var prefix = $"{Version}|{list}|";
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            position = JsonSerializer.Deserialize<TPosition>(text.AsSpan(prefix.Length));
            return position is not null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The field error of an unusable cursor (every list says it the same way).</summary>
    public const string Invalid = "cursor is the nextCursor of a previous page of this list, unchanged.";
}
