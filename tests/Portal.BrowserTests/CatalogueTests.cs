using System.Text.RegularExpressions;
using System.Xml.Linq;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>Every word the portal writes has its Chinese: the pages' L["…"] texts and the names they look up.</summary>
public sealed partial class CatalogueTests
{
    private static readonly string Portal = Path.Combine(RepoPaths.Root, "services", "Portal");

    [Fact]
    public void Every_text_of_the_portal_has_its_Chinese()
    {
        var catalogue = XDocument.Load(Path.Combine(Portal, "Localization", "Ui.zh-CN.resx")).Root!.Elements("data")
            .Select(data => (string)data.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var razor = Directory.EnumerateFiles(Path.Combine(Portal, "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => Literal().Matches(File.ReadAllText(file)).Concat(Arrow().Matches(File.ReadAllText(file)))
                .Concat(KeyedTitle().Matches(File.ReadAllText(file))));
        // Pages' word lists (a service's value → its English name), e.g. Pages/Examination/GuaranteeWords.cs.
        var words = Directory.EnumerateFiles(Path.Combine(Portal, "Components", "Pages"), "*Words.cs", SearchOption.AllDirectories)
            .SelectMany(file => Arrow().Matches(File.ReadAllText(file)));
        // Names looked up by key: menu titles and role names, ward names.
        var lookups = new[] { Path.Combine(Portal, "Components", "Layout", "Navigation.cs") }
            .SelectMany(file => Arrow().Matches(File.ReadAllText(file)).Concat(MenuTitle().Matches(File.ReadAllText(file))))
            .Concat(WardName().Matches(File.ReadAllText(Path.Combine(Portal, "Clients", "Wards.cs"))))
            .Concat(SectionName().Matches(File.ReadAllText(Path.Combine(Portal, "Clients", "IndustrySections.cs"))));
        var texts = razor.Concat(words).Concat(lookups).Select(m => m.Groups[1].Value).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);

        Assert.True(texts.Count > 60, $"only {texts.Count} texts found: has the scan stopped finding them?");
        Assert.Empty(texts.Where(text => !catalogue.Contains(text)).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"L\[""([^""]+)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"=> ""([^""]+)""")]
    private static partial Regex Arrow();

    /// <summary>A page's list of (key, English title) pairs, e.g. the examination queues.</summary>
    [GeneratedRegex(@"\(""[a-z_]+"", ""([^""]+)""\)")]
    private static partial Regex KeyedTitle();

    [GeneratedRegex(@"new\(""[a-z]*"", ""([^""]+)""")]
    private static partial Regex MenuTitle();

    [GeneratedRegex(@"\(""[a-z]+"", ""([A-Za-z]+)""\)")]
    private static partial Regex WardName();

    [GeneratedRegex(@"\[""[A-T]""\] = ""([^""]+)""")]
    private static partial Regex SectionName();
}
