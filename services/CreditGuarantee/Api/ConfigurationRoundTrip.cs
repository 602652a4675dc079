using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// What GET answers can be posted back: the parts of the answer that a configuration version does not own are
/// recognised as unchanged and ignored, and only a real change to one of them is refused.
/// </summary>
internal static class ConfigurationRoundTrip
{
    /// <summary>
    /// True when the posted agreements are absent, empty, or exactly those in force (in any order): the editor left them
    /// as GET showed them. Agreements have their own endpoints, so anything else is a change made in the wrong place.
    /// </summary>
    public static bool SameAgreements(JsonNode? posted, GuaranteeConfiguration current)
    {
        if (posted is null || posted is JsonArray { Count: 0 })
        {
            return true;
        }

        List<PartnerAgreement>? agreements;
        try
        {
            agreements = posted.Deserialize<List<PartnerAgreement>>(ConfigurationStore.Json);
        }
        catch (JsonException)
        {
            return false;
        }

        return agreements is not null && Ordered(agreements).SequenceEqual(Ordered(current.PartnerAgreements));
    }

    public static bool IsDay(JsonNode? posted, DateOnly day) =>
        posted is JsonValue value && value.TryGetValue<string>(out var text)
        && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed == day;

    private static IEnumerable<PartnerAgreement> Ordered(IEnumerable<PartnerAgreement> agreements) =>
        agreements.OrderBy(a => a.BankId, StringComparer.Ordinal).ThenBy(a => a.Start);
}
