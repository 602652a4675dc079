using System.Text.Json;

namespace SmePlatform.SharedKernel;

/// <summary>
/// The closed sets (enumerations) as they travel as text: snake_case ("in_progress", "technology_transfer_in"; ADR 0026).
/// A one-letter value is a grade or a code from a standard (band A, rank D, SDMX OBS_STATUS C) and keeps its capital.
/// Reading takes any letter case, with or without underscores or dashes, so the earlier PascalCase and kebab-case
/// spellings stay readable; numbers and combinations are refused, because they would bind silently to some value.
/// One place for every service, so that what one service writes every other reads the same way.
/// </summary>
public static class WireNames
{
    /// <summary>The wire spelling of a member's name.</summary>
    public static string Convert(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length == 1 ? name : JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }

    public static string Name<T>(T value)
        where T : struct, Enum => Convert(value.ToString());

    /// <summary>Every value of the set, in declaration order, for the message that refuses another.</summary>
    public static string List<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        var name = text?.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        value = default;
        return !string.IsNullOrEmpty(name) && name.All(char.IsAsciiLetterOrDigit) && !char.IsAsciiDigit(name[0])
               && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary><see cref="TryParse{T}"/> for callers that collect errors: null when the text names no member.</summary>
    public static T? Parse<T>(string? text)
        where T : struct, Enum => TryParse<T>(text, out var value) ? value : null;
}
