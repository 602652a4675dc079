using System.Text.Json;

namespace SmePlatform.Matching.Domain;

/// <summary>
/// The closed sets a profile, an introduction or a case takes as text, spelt as on the wire: snake_case
/// ("technology_transfer_in", ADR 0026). Reading also takes the earlier PascalCase names in any letter case;
/// numbers are refused, because they would bind silently to any value.
/// </summary>
public static class WireNames
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var name = text?.Trim().Replace("_", "", StringComparison.Ordinal);
        value = default;
        return !string.IsNullOrEmpty(name) && !int.TryParse(name, out _) && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Every value of the set, for the message that refuses another.</summary>
    public static string List<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));
}
