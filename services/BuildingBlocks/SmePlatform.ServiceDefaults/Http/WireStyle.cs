using System.Text.Json;
using System.Text.Json.Serialization;
using SmePlatform.SharedKernel;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>
/// The platform's one spelling of enumerated values in JSON (<see cref="WireNames"/>): snake_case ("in_progress",
/// "no_show"), the style the partner-bank API published first. Reading also takes the member's own name in any case
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
        return WireNames.Convert(value.ToString());
    }

    private sealed class EnumNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => WireNames.Convert(name);
    }
}
