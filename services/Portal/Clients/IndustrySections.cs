namespace SmePlatform.Portal.Clients;

/// <summary>The twenty sections of GB/T 4754-2017 by letter, with the English names the catalogue translates.</summary>
public static class IndustrySections
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = "Agriculture, forestry, animal husbandry and fishery",
        ["B"] = "Mining",
        ["C"] = "Manufacturing",
        ["D"] = "Electricity, heat, gas and water production and supply",
        ["E"] = "Construction",
        ["F"] = "Wholesale and retail trade",
        ["G"] = "Transport, storage and postal services",
        ["H"] = "Accommodation and catering",
        ["I"] = "Information transmission, software and IT services",
        ["J"] = "Finance",
        ["K"] = "Real estate",
        ["L"] = "Leasing and business services",
        ["M"] = "Scientific research and technical services",
        ["N"] = "Water conservancy, environment and public facilities management",
        ["O"] = "Resident services, repair and other services",
        ["P"] = "Education",
        ["Q"] = "Health and social work",
        ["R"] = "Culture, sports and entertainment",
        ["S"] = "Public administration, social security and social organisations",
        ["T"] = "International organisations",
    };

    /// <summary>The English name of a section letter (the catalogue's key), or the letter itself when unknown.</summary>
    public static string NameOf(string section) => Names.GetValueOrDefault(section, section);
}
