using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>
/// The platform's one spelling of enumerated values in JSON: snake_case ("in_progress", "no_show"), the style the
/// partner-bank API published first. A one-letter value is a grade or a code from a standard (band A, rank D,
/// SDMX OBS_STATUS C) and keeps its capital letter. Reading also takes the member's own name in any case
/// ("InProgress", "inProgress"), so clients written against the earlier PascalCase answers keep working for one
/// version; numbers are refused, because an enum's position is not part of any contract.
/// </summary>
public static class WireStyle
{
    public static JsonNamingPolicy EnumNames { get; } = new EnumNamingPolicy();

    public static JsonStringEnumConverter Enums() => new(EnumNames, allowIntegerValues: false);

    /// <summary>The wire spelling of one value, for the few places that carry an enum in a string field.</summary>
    public static string Name(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return EnumNames.ConvertName(value.ToString());
    }

    private sealed class EnumNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.Length == 1 ? name : SnakeCaseLower.ConvertName(name);
    }
}
