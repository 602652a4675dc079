using System.Text.RegularExpressions;

namespace SmePlatform.Architecture.Tests.Messages;

/// <summary>A method (or positional record) declared in a file: its class, name, parameters and body.</summary>
public sealed record Declaration(string Class, string Name, IReadOnlyList<string> Parameters, string ReturnType, int BodyStart, int BodyEnd);

/// <summary>A C# file with what the scan needs of it: its classes, methods, constants and the project it belongs to.</summary>
public sealed partial class SourceFile
{
    private static readonly HashSet<string> NotTypes =
        ["return", "new", "await", "else", "throw", "case", "is", "as", "in", "out", "ref", "yield", "when", "and", "or", "not", "using", "if", "while", "for", "foreach", "switch", "catch", "nameof", "typeof", "sizeof", "default", "lock", "fixed", "record", "class", "struct", "interface"];

    private readonly List<(string Name, int Start, int End)> classes = [];
    private readonly List<(string Name, string Type, int Position)> variables = [];

    public SourceFile(string project, string path)
    {
        Project = project;
        Text = new CSharpText(path, File.ReadAllText(path));
        var code = Text.Code;
        foreach (Match match in TypeDeclaration().Matches(code))
        {
            var brace = code.IndexOfAny(['{', ';'], match.Index + match.Length);
            var end = brace >= 0 && code[brace] == '{' ? Expressions.Close(code, brace) : brace + 1;
            var name = match.Groups["name"].Value;
            classes.Add((name, match.Index, end));
            var parameters = match.Index + match.Length;
            if (code[parameters] == '(' && match.Groups["kind"].Value == "record")
            {
                Declarations.Add(new Declaration(name, name, ParameterNames(code, parameters), name, -1, -1));
            }
        }

        foreach (Match match in MethodDeclaration().Matches(code))
        {
            var returnType = match.Groups["ret"].Value.Trim();
            if (NotTypes.Contains(returnType))
            {
                continue;
            }

            var open = match.Index + match.Length - 1;
            var close = Expressions.Close(code, open);
            var body = BodyStart().Match(code, close);
            if (!body.Success || body.Index != close)
            {
                continue;
            }

            var start = body.Index + body.Length - 1;
            var end = code[start] == '{' ? Expressions.Close(code, start) : StatementEnd(code, start);
            Declarations.Add(new Declaration(ClassAt(match.Index) ?? "", match.Groups["name"].Value, ParameterNames(code, open), returnType, start, end));
        }

        foreach (Match match in Variable().Matches(code))
        {
            variables.Add((match.Groups["name"].Value, match.Groups["type"].Value, match.Index));
        }

        foreach (Match match in Constant().Matches(code))
        {
            var value = match.Index + match.Length;
            while (char.IsWhiteSpace(code[value]))
            {
                value++;
            }

            Constants.Add((ClassAt(match.Index) ?? "", match.Groups["name"].Value, value, StatementEnd(code, value)));
        }
    }

    public string Project { get; }

    public CSharpText Text { get; }

    public string Code => Text.Code;

    public List<Declaration> Declarations { get; } = [];

    /// <summary>String constants and static read-only strings: class, name and the span of their value.</summary>
    public List<(string Class, string Name, int Start, int End)> Constants { get; } = [];

    /// <summary>The innermost class, record or struct declared around <paramref name="position"/>.</summary>
    public string? ClassAt(int position) =>
        classes.Where(c => c.Start <= position && position < c.End).OrderByDescending(c => c.Start).Select(c => c.Name).FirstOrDefault();

    /// <summary>The innermost method whose body holds <paramref name="position"/>.</summary>
    public Declaration? MethodAt(int position) =>
        Declarations.Where(d => d.BodyStart <= position && position < d.BodyEnd).OrderByDescending(d => d.BodyStart).FirstOrDefault();

    /// <summary>The declared type of a variable or parameter seen last before <paramref name="position"/> (var x = new T() too).</summary>
    public string? TypeOf(string variable, int position) =>
        variables.LastOrDefault(v => v.Name == variable && v.Position < position).Type;

    private static int StatementEnd(string code, int start)
    {
        var depth = 0;
        for (var i = start; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ';' && depth <= 0)
            {
                return i;
            }
        }

        return code.Length;
    }

    private static List<string> ParameterNames(string code, int open) =>
        Expressions.Split(code, open + 1, Expressions.Close(code, open) - 1)
            .Select(p => code[p.Start..p.End])
            .Select(p => p.Split('=')[0].Trim())
            .Select(p => ParameterName().Match(p).Value)
            .ToList();

    [GeneratedRegex(@"\b(?<kind>class|record|struct|interface)\s+(?:struct\s+|class\s+)?(?<name>[A-Z]\w*)(?:<[^>{(]*>)?\s*")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<ret>\b[\w.]+(?:<[\w<>,\s?\[\]().]*>)?(?:\[\])?\??)\s+(?<name>[A-Z]\w*)\s*(?:<[\w,\s]*>)?\s*\(")]
    private static partial Regex MethodDeclaration();

    [GeneratedRegex(@"\G\s*(?:where\s[^{;=]*)?(\{|=>)")]
    private static partial Regex BodyStart();

    [GeneratedRegex(@"\b(?:const\s+string|static\s+readonly\s+string)\s+(?<name>[A-Z]\w*)\s*=(?!>)")]
    private static partial Regex Constant();

    [GeneratedRegex(@"(?<type>\b[A-Z]\w*(?:<[\w<>,\s?\[\]]*>)?)\??\s+(?<name>[a-z_]\w*)\b(?=\s*[=,);])|\bvar\s+(?<name>\w+)\s*=\s*new\s+(?<type>[A-Z]\w*(?:<[\w<>,\s?\[\]]*>)?)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"@?\w+$")]
    private static partial Regex ParameterName();
}
