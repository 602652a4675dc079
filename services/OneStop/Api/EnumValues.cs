using System.Globalization;

namespace SmePlatform.OneStop.Api;

internal static class EnumValues
{
    /// <summary>Enum names in any case, with or without dashes or underscores (request-documents, RequestDocuments).</summary>
    public static T? Parse<T>(string? value)
        where T : struct, Enum
    {
        var name = value?.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return !string.IsNullOrEmpty(name) && !int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) &&
               Enum.TryParse<T>(name, ignoreCase: true, out var parsed)
            ? parsed
            : null;
    }
}
