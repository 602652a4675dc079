using System.Text.RegularExpressions;

namespace SmePlatform.Architecture.Tests.Messages;

/// <summary>A message found in source: its text (interpolations as {0}, {1}…), the project it is written in, and where.</summary>
public sealed record FoundMessage(string Text, string Project, string Where);

/// <summary>
/// Finds the user-facing messages of the source: the texts given to a message argument of a <see cref="Sink"/> (and of
/// every method that passes a parameter on to one), the Title and Detail of problem details built by hand, and the
/// values of field-error dictionaries. A text counts when the argument is a literal, a constant, one of the
/// alternatives of <c>?:</c>, <c>??</c> or a <c>switch</c>, a concatenation, or the answer of a method returning
/// string; anything else (a variable, a value read at run time) is followed no further.
/// </summary>
public sealed partial class MessageScan
{
    private readonly List<SourceFile> files;
    private readonly List<Sink> sinks = [.. Sinks.Known];

    public MessageScan(IEnumerable<(string Project, string Directory)> projects)
    {
        files = [.. projects.SelectMany(p => Directory.EnumerateFiles(p.Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => new SourceFile(p.Project, f)))];
        sinks.AddRange(files.SelectMany(f => f.Declarations).Where(Sinks.IsFieldErrorCollector)
            .Select(d => new Sink(d.Class, d.Name, d.Parameters, new HashSet<string> { "message" })).Distinct());
        Propagate();
    }

    public IReadOnlyList<Sink> AllSinks => sinks;

    public IReadOnlyList<FoundMessage> Messages()
    {
        var found = new List<FoundMessage>();
        foreach (var file in files)
        {
            foreach (var (position, piece) in MessageArguments(file))
            {
                found.AddRange(Resolve(file, position, piece, depth: 0));
            }

            foreach (var name in Sinks.MessageReturning)
            {
                var (type, method) = (name.Split('.')[0], name.Split('.')[1]);
                foreach (var declaration in file.Declarations.Where(d => d.Class == type && d.Name == method))
                {
                    found.AddRange(Returns(file, declaration).SelectMany(r => Resolve(file, r.Position, r.Piece, 1)));
                }
            }
        }

        return [.. found.DistinctBy(m => (m.Text, m.Project))];
    }

    /// <summary>Every sink argument that is a message, with where it is: (position, piece).</summary>
    private IEnumerable<(int Position, Piece Piece)> MessageArguments(SourceFile file)
    {
        foreach (var (start, end) in Calls(file).SelectMany(call => call.Arguments))
        {
            foreach (var piece in Expressions.Pieces(file.Text, start, end))
            {
                yield return (start, piece);
            }
        }

        foreach (var (start, end) in Initialized(file))
        {
            foreach (var piece in Expressions.Pieces(file.Text, start, end))
            {
                yield return (start, piece);
            }
        }
    }

    /// <summary>The calls of a sink in the file, with the spans of their message arguments.</summary>
    private IEnumerable<(Sink Sink, List<(int Start, int End)> Arguments)> Calls(SourceFile file)
    {
        var code = file.Code;
        foreach (Match match in Call().Matches(code))
        {
            var open = match.Index + match.Length - 1;
            var arguments = Expressions.Split(code, open + 1, Expressions.Close(code, open) - 1);
            var (type, method) = Target(file, match);
            var sink = sinks.Where(s => s.Class == type && s.Method == method && s.Parameters.Count >= arguments.Count)
                .OrderBy(s => s.Parameters.Count).FirstOrDefault();
            if (sink is null)
            {
                continue;
            }

            var spans = new List<(int, int)>();
            for (var k = 0; k < arguments.Count; k++)
            {
                var (start, end) = arguments[k];
                var named = NamedArgument().Match(code, start, end - start);
                var parameter = named.Success ? named.Groups["name"].Value : sink.Parameters[k];
                start = named.Success ? named.Index + named.Length : start;
                if (sinks.Any(s => s.Class == sink.Class && s.Method == sink.Method && s.Parameters.Count == sink.Parameters.Count
                    && s.Messages.Contains(parameter)))
                {
                    spans.Add((start, end));
                }
            }

            yield return (sink, spans);
        }
    }

    /// <summary>The class (or constructed type) and method a call names.</summary>
    private static (string? Type, string Method) Target(SourceFile file, Match match)
    {
        var code = file.Code;
        var name = match.Groups["name"].Value;
        if (match.Groups["new"].Success)
        {
            var constructed = name.Length == 0 ? TargetTyped(file, match.Index) : name;
            return (constructed, constructed ?? "");
        }

        var target = match.Groups["target"].Value.Replace(" ", "", StringComparison.Ordinal).TrimEnd('.').Split('.')[^1];
        if (target.Length > 0)
        {
            return (char.IsUpper(target[0]) ? target : Bare(file.TypeOf(target, match.Index)), name);
        }

        var before = match.Index - 1;
        while (before >= 0 && char.IsWhiteSpace(code[before]))
        {
            before--;
        }

        return before >= 0 && code[before] == '.' ? (ChainRoot(file, before), name) : (file.ClassAt(match.Index), name);
    }

    /// <summary><c>new(...)</c>: the element type of the list it is added to, else the enclosing method's return type.</summary>
    private static string? TargetTyped(SourceFile file, int position)
    {
        var window = Math.Max(0, position - 120);
        var added = AddedTo().Match(file.Code[window..position]);
        if (added.Success && !added.Groups["list"].Value.Contains("arning", StringComparison.Ordinal))
        {
            var type = file.TypeOf(added.Groups["list"].Value, position);
            return type is null ? null : ListElement().Match(type) is { Success: true } element ? element.Groups[1].Value : null;
        }

        return file.MethodAt(position) is { } method ? Bare(method.ReturnType) : null;
    }

    /// <summary>The type a fluent chain starts from: <c>new FieldErrors().Add(…).AddIf(…)</c>, <c>errors.Add(…).Add(…)</c>.</summary>
    private static string? ChainRoot(SourceFile file, int dot)
    {
        var code = file.Code;
        var i = dot - 1;
        while (true)
        {
            while (i >= 0 && char.IsWhiteSpace(code[i]))
            {
                i--;
            }

            if (i < 0)
            {
                return null;
            }

            if (code[i] == ')')
            {
                i = OpenOf(code, i) - 1;
                continue;
            }

            var end = i + 1;
            while (i >= 0 && (char.IsLetterOrDigit(code[i]) || code[i] == '_'))
            {
                i--;
            }

            var word = code[(i + 1)..end];
            var j = i;
            while (j >= 0 && char.IsWhiteSpace(code[j]))
            {
                j--;
            }

            if (j >= 2 && code[(j - 2)..(j + 1)] == "new")
            {
                return word;
            }

            if (j >= 0 && code[j] == '.')
            {
                i = j - 1;
                continue;
            }

            return word.Length > 0 && char.IsUpper(word[0]) ? word : Bare(file.TypeOf(word, end));
        }
    }

    private static int OpenOf(string code, int close)
    {
        var depth = 0;
        for (var i = close; i >= 0; i--)
        {
            if (code[i] is ')' or ']' or '}')
            {
                depth++;
            }
            else if (code[i] is '(' or '[' or '{' && --depth == 0)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>"FieldErrors?" → "FieldErrors", "Outcome&lt;Case&gt;" → "Outcome".</summary>
    private static string? Bare(string? type) => type is null ? null : Regex.Match(type, @"^[\w.]*?(\w+)(?=<|\?|\[|$)").Groups[1].Value;

    [GeneratedRegex(@"(?<new>\bnew\s+)?(?<target>(?:[A-Za-z_]\w*\s*\.\s*)*)(?<name>[A-Z]\w*)\s*(?:<[\w<>,\s?\[\]]*>)?\s*\(|(?<new>\bnew)(?<name>)\s*\(")]
    private static partial Regex Call();

    [GeneratedRegex(@"\G\s*(?<name>[a-z]\w*)\s*:(?!:)")]
    private static partial Regex NamedArgument();

    [GeneratedRegex(@"\b(?<list>\w+)\s*\.\s*Add\s*\(\s*$")]
    private static partial Regex AddedTo();

    [GeneratedRegex(@"^(?:I?List|ICollection|IReadOnlyList)<(\w+)>")]
    private static partial Regex ListElement();
}
