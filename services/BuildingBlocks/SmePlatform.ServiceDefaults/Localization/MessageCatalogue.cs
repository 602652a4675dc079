using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;

namespace SmePlatform.ServiceDefaults.Localization;

/// <summary>
/// The translations of the platform's messages, keyed by their English text (gettext's way: the English message is
/// the key, so the hundreds of places that word a refusal stay as they are and a translator edits one resource file
/// per project: <c>Localization/Messages.zh-CN.resx</c>). A message built by interpolation is keyed by its template,
/// <c>The amount must be at most {0} yuan.</c>, and its parts are carried into the translation. A message with no
/// entry stays in English: a missing translation never hides what went wrong (the architecture tests keep the
/// catalogues complete).
/// </summary>
public sealed partial class MessageCatalogue
{
    private const string ResourceSuffix = ".Localization.Messages.resources";

    private readonly ConcurrentDictionary<string, Translations> byLanguage = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<Assembly> assemblies;

    /// <summary>A catalogue over the given assemblies' <c>Localization/Messages</c> resources.</summary>
    public MessageCatalogue(IEnumerable<Assembly> assemblies) => this.assemblies = [.. assemblies];

    /// <summary>The platform's own assemblies loaded in this process (the service's, its building blocks').</summary>
    public static MessageCatalogue ForLoadedAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>(AppDomain.CurrentDomain.GetAssemblies().Where(assembly => !assembly.IsDynamic && IsOurs(assembly.GetName())));
        while (pending.TryDequeue(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            // A building block whose code has not run yet is not loaded yet, but its messages may still be asked for.
            foreach (var reference in assembly.GetReferencedAssemblies().Where(IsOurs).Where(name => !found.ContainsKey(name.Name!)))
            {
                pending.Enqueue(Assembly.Load(reference));
            }
        }

        return new MessageCatalogue(found.Values);
    }

    private static bool IsOurs(AssemblyName name) => name.Name?.StartsWith("SmePlatform.", StringComparison.Ordinal) == true;

    /// <summary>The message in <paramref name="language"/>, or the message itself when it has no translation.</summary>
    public string Translate(string message, CultureInfo language)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(language);
        if (language.TwoLetterISOLanguageName == "en" || message.Length == 0)
        {
            return message;
        }

        return byLanguage.GetOrAdd(language.Name, _ => Load(language)).Translate(message);
    }

    /// <summary>How many entries <paramref name="language"/> has (for the startup log and the tests).</summary>
    public int Count(CultureInfo language) => byLanguage.GetOrAdd(language.Name, _ => Load(language)).Count;

    private Translations Load(CultureInfo language)
    {
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var templates = new List<Template>();
        foreach (var assembly in assemblies)
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.EndsWith(ResourceSuffix, StringComparison.Ordinal)))
            {
                var manager = new ResourceManager(resource[..^".resources".Length], assembly);
                ResourceSet? set;
                try
                {
                    set = manager.GetResourceSet(language, createIfNotExists: true, tryParents: false);
                }
                catch (MissingManifestResourceException)
                {
                    continue; // this project has no catalogue in that language yet
                }

                if (set is null)
                {
                    continue;
                }

                foreach (DictionaryEntry entry in set)
                {
                    if (entry is { Key: string english, Value: string translated } && translated.Length > 0)
                    {
                        if (Placeholder().IsMatch(english))
                        {
                            templates.Add(Template.Parse(english, translated));
                        }
                        else
                        {
                            exact.TryAdd(english, translated);
                        }
                    }
                }
            }
        }

        // The most specific template first: "The {0} must be set." must not swallow "The amount must be {0}.".
        templates.Sort((a, b) => b.LiteralLength.CompareTo(a.LiteralLength));
        return new Translations(exact, templates);
    }

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private sealed class Translations(Dictionary<string, string> exact, List<Template> templates)
    {
        public int Count => exact.Count + templates.Count;

        public string Translate(string message)
        {
            if (exact.TryGetValue(message, out var translated))
            {
                return translated;
            }

            foreach (var template in templates)
            {
                if (template.TryApply(message, Part, out translated))
                {
                    return translated;
                }
            }

            return message;
        }

        // A part carried into a template is translated too when it is a phrase of the catalogue (a field's label,
        // "the amount claimed in CNY"); a value (an amount, a code, a state's wire name) has no entry and stays.
        private string Part(string part) => exact.TryGetValue(part, out var translated) ? translated : part;
    }

    private sealed class Template(Regex pattern, string translation, int literalLength)
    {
        public int LiteralLength => literalLength;

        public static Template Parse(string english, string translation)
        {
            var pattern = new StringBuilder("^");
            var literal = 0;
            var position = 0;
            foreach (Match placeholder in Placeholder().Matches(english))
            {
                var text = english[position..placeholder.Index];
                literal += text.Length;
                pattern.Append(Regex.Escape(text)).Append("(?<p").Append(placeholder.Groups[1].Value).Append(">.+?)");
                position = placeholder.Index + placeholder.Length;
            }

            literal += english.Length - position;
            pattern.Append(Regex.Escape(english[position..])).Append('$');
            return new Template(new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(50)), translation, literal);
        }

        public bool TryApply(string message, Func<string, string> part, out string translated)
        {
            var match = pattern.Match(message);
            if (!match.Success)
            {
                translated = message;
                return false;
            }

            translated = Placeholder().Replace(translation, placeholder =>
                match.Groups["p" + placeholder.Groups[1].Value] is { Success: true } group ? part(group.Value) : placeholder.Value);
            return true;
        }
    }
}
