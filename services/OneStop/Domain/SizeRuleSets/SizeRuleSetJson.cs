using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmePlatform.OneStop.Domain;

/// <summary>
/// The stored and edited form of a rule set: camelCase JSON, enums as kebab-case names ("annual-revenue",
/// "ten-thousand"), numbers never accepted for enums, and a missing or null required field is an error.
/// </summary>
public static class SizeRuleSetJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static string Serialize(SizeRuleSet ruleSet) => JsonSerializer.Serialize(ruleSet, Options);

    /// <summary>Parses and validates; all errors come back keyed by JSON path ("sectors[0].boundaries[1].thresholds[0].value").</summary>
    public static (SizeRuleSet? RuleSet, Dictionary<string, string[]> Errors) Deserialize(string json)
    {
        SizeRuleSet? ruleSet;
        try
        {
            ruleSet = JsonSerializer.Deserialize<SizeRuleSet>(json, Options);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            return (null, new Dictionary<string, string[]> { [path] = [$"Not a valid rule set: {FirstSentence(e.Message)}"] });
        }

        if (ruleSet is null)
        {
            return (null, new Dictionary<string, string[]> { ["$"] = ["A rule set object is required."] });
        }

        var errors = SizeRuleSetValidator.Validate(ruleSet);
        return (errors.Count == 0 ? ruleSet : null, errors);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
