using System.Text.RegularExpressions;
using System.Xml.Linq;
using SmePlatform.Architecture.Tests.Messages;

namespace SmePlatform.Architecture.Tests;

/// <summary>
/// Every problem title, detail and field error is translated, Chinese first: the runtime (ServiceDefaults'
/// Localization) looks each English text up in the message catalogue of the project that wrote it,
/// <c>Localization/Messages.zh-CN.resx</c>, keyed by the English (gettext style; interpolations as {0}, {1}… in the
/// order they appear). The scan (<see cref="MessageScan"/>) finds the texts in source; every one must have its entry,
/// with the same placeholders in the Chinese.
/// </summary>
public sealed partial class MessageCatalogueTests
{
    private const string BuildingBlocks = "services/BuildingBlocks/";

    /// <summary>The projects scanned, by folder. A building block's message may also be in ServiceDefaults' catalogue.</summary>
    private static readonly string[] Projects =
    [
        BuildingBlocks + "SmePlatform.ServiceDefaults",
        BuildingBlocks + "SmePlatform.Application",
        BuildingBlocks + "SmePlatform.Data",
        BuildingBlocks + "SmePlatform.SharedKernel",
        BuildingBlocks + "SmePlatform.Messaging",
        "gateway/SmePlatform.Gateway",
        "services/OneStop",
        "services/CreditGuarantee",
        "services/Diagnosis",
        "services/Matching",
        "services/ClusterStats",
    ];

    /// <summary>
    /// The projects whose catalogue is complete and must stay so: all of them today. A new project (or one whose
    /// messages are being translated) can be left out of this list for a while; its missing messages are then only
    /// listed (<see cref="Untranslated_messages_are_listed"/>). Calendar's and Messaging's texts, if any, go in
    /// ServiceDefaults' catalogue (building blocks without a catalogue of their own).
    /// </summary>
    private static readonly string[] Complete = Projects;

    private static readonly Lazy<IReadOnlyList<FoundMessage>> Found = new(() =>
        new MessageScan(Projects.Select(p => (p, Path.Combine(ServiceCatalog.RepoRoot, p)))).Messages());

    public static TheoryData<string> CompleteProjects() => [.. Complete];

    public static TheoryData<string> AllProjects() => [.. Projects];

    [Theory]
    [MemberData(nameof(CompleteProjects))]
    public void Every_message_has_its_translation(string project)
    {
        var missing = Missing(project);

        Assert.True(missing.Count == 0,
            $"{missing.Count} message(s) of {project} have no entry in its Localization/Messages.zh-CN.resx:\n" + string.Join("\n", missing));
    }

    [Theory]
    [MemberData(nameof(AllProjects))]
    public void A_catalogue_has_the_same_placeholders_in_both_languages(string project)
    {
        var wrong = Catalogue(project)
            .Where(entry => !SamePlaceholders(entry.Key, entry.Value))
            .Select(entry => $"  \"{entry.Key}\" → \"{entry.Value}\"");

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(AllProjects))]
    public void The_neutral_catalogue_is_the_english_itself(string project)
    {
        var neutral = Path.Combine(ServiceCatalog.RepoRoot, project, "Localization", "Messages.resx");
        if (File.Exists(neutral))
        {
            Assert.Empty(XDocument.Load(neutral).Root!.Elements("data"));
        }
    }

    [Fact]
    public void The_scan_finds_messages_and_only_messages()
    {
        var texts = Found.Value.Select(m => m.Text).ToHashSet(StringComparer.Ordinal);

        // A constant, an interpolation, a choice inside a hole, a local variable built by concatenation, a domain error.
        Assert.Contains("The request body is too large.", texts);
        Assert.Contains("The {0} was changed since you read it.", texts);
        Assert.Contains("No active enterprise {0} is registered in your ward.", texts);
        Assert.Contains("No active enterprise {0} is registered.", texts);
        Assert.Contains("The request was not applied. Retry it in a few seconds (with the same Idempotency-Key).", texts);
        Assert.Contains("An industry code is required (GB/T 4754-2017, e.g. C3511).", texts);
        Assert.Contains("A second examiner is needed only for loans above {0}.", texts);

        // Log messages, exception texts, OpenAPI words, routing tables and audit trail notes are not messages.
        Assert.DoesNotContain("Unhandled exception for {Method} {Path}", texts);
        Assert.DoesNotContain("A time limit is 0 to {0} working days.", texts);
        Assert.DoesNotContain("/api/onestop", texts);
        Assert.DoesNotContain("Screening passed.", texts);
        Assert.DoesNotContain(texts, text => text.Contains("city-wide", StringComparison.Ordinal));
    }

    [Fact]
    public void Untranslated_messages_are_listed()
    {
        // Not a gate: the projects not yet in Complete, so that their state is visible in the test output.
        var pending = Projects.Except(Complete).Select(p => (Project: p, Missing: Missing(p).Count)).Where(p => p.Missing > 0);
        foreach (var (project, missing) in pending)
        {
            Console.WriteLine($"{project}: {missing} message(s) not translated yet");
        }

        Assert.NotEmpty(Found.Value);
    }

    /// <summary>The messages of <paramref name="project"/> not in its catalogue (nor in ServiceDefaults' for a building block).</summary>
    private static List<string> Missing(string project)
    {
        var catalogue = Catalogue(project);
        var shared = project.StartsWith(BuildingBlocks, StringComparison.Ordinal) ? Catalogue(Projects[0]) : [];
        return [.. Found.Value.Where(m => m.Project == project && !catalogue.ContainsKey(m.Text) && !shared.ContainsKey(m.Text))
            .Select(m => $"  \"{m.Text}\"  ({m.Where})").Order(StringComparer.Ordinal)];
    }

    internal static Dictionary<string, string> Catalogue(string project)
    {
        var path = Path.Combine(ServiceCatalog.RepoRoot, project, "Localization", "Messages.zh-CN.resx");
        return File.Exists(path)
            ? XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "", StringComparer.Ordinal)
            : [];
    }

    /// <summary>The English's {0}, {1}… each once in the Chinese, and no other.</summary>
    internal static bool SamePlaceholders(string english, string chinese)
    {
        var wanted = Placeholder().Matches(english).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        var given = Placeholder().Matches(chinese).Select(m => m.Value).ToList();
        return chinese.Trim().Length > 0 && given.Count == wanted.Count && given.Order(StringComparer.Ordinal).SequenceEqual(wanted);
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
