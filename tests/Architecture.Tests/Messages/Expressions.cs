using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmePlatform.Architecture.Tests.Messages;

/// <summary>What an expression in a message position can be: text (a template), a name, a call, or something else.</summary>
public abstract record Piece
{
    public sealed record Text(string Template) : Piece;

    /// <summary>A name (<c>title</c>, <c>DependencyOutage.Title</c>): a parameter or a constant.</summary>
    public sealed record Name(string Dotted) : Piece;

    /// <summary>A call whose answer is the message (<c>FieldMessage(exception)</c>).</summary>
    public sealed record Call(string Dotted) : Piece;

    public sealed record Other : Piece;
}

/// <summary>
/// Reads expressions of masked source (<see cref="CSharpText.Code"/>) the little it takes: the alternatives a
/// message argument can take through <c>?:</c>, <c>??</c>, <c>switch</c>, parentheses and <c>+</c>.
/// </summary>
public static partial class Expressions
{
    /// <summary>The index past the bracket that closes the one at <paramref name="open"/>.</summary>
    public static int Close(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' && --depth == 0)
            {
                return i + 1;
            }
        }

        return code.Length;
    }

    /// <summary>The parts of code[start..end) between top-level separators (commas of arguments, of initializers).</summary>
    public static List<(int Start, int End)> Split(string code, int start, int end, char separator = ',')
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var from = start;
        for (var i = start; i < end; i++)
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
            else if (c == '<' && depth == 0 && GenericEnd(code, i, end) is var close && close > 0)
            {
                i = close;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add((from, i));
                from = i + 1;
            }
        }

        if (code.AsSpan(from, end - from).Trim().Length > 0)
        {
            parts.Add((from, end));
        }

        return parts;
    }

    /// <summary>Where a generic argument list opened at <paramref name="open"/> closes, or -1 when it is a less-than.</summary>
    private static int GenericEnd(string code, int open, int end)
    {
        if (open == 0 || !(char.IsLetterOrDigit(code[open - 1]) || code[open - 1] == '_'))
        {
            return -1;
        }

        var depth = 0;
        for (var i = open; i < end; i++)
        {
            var c = code[i];
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>' && --depth == 0)
            {
                return i;
            }
            else if (!(char.IsLetterOrDigit(c) || c is '_' or ',' or '.' or '?' or '[' or ']' or ' ' or '\n' or '\r'))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The alternatives an expression can take (each of its texts, names and calls).</summary>
    public static IEnumerable<Piece> Pieces(CSharpText file, int start, int end)
    {
        var code = file.Code;
        while (start < end && char.IsWhiteSpace(code[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(code[end - 1]))
        {
            end--;
        }

        if (start >= end)
        {
            return [];
        }

        var text = code[start..end];
        if (file.LiteralAt(start) is { } literal && literal.End == end)
        {
            return [.. literal.Templates.Select(t => new Piece.Text(t))];
        }

        if (DottedName().IsMatch(text))
        {
            return [new Piece.Name(text.Replace("!", string.Empty, StringComparison.Ordinal))];
        }

        if (code[start] == '(' && Close(code, start) == end)
        {
            return Pieces(file, start + 1, end - 1);
        }

        var top = TopLevel(code, start, end);
        if (top.FirstOrDefault(i => code[i] == '?' && code[i + 1] == '?') is var coalesce && coalesce > 0)
        {
            return Pieces(file, start, coalesce).Concat(Pieces(file, coalesce + 2, end));
        }

        if (Ternary(code, top) is var (question, colon))
        {
            return Pieces(file, question + 1, colon).Concat(Pieces(file, colon + 1, end));
        }

        if (Switch().Match(text) is { Success: true } match)
        {
            var open = start + match.Index + match.Length - 1;
            return Split(code, open + 1, Close(code, open) - 1)
                .SelectMany(arm => code.IndexOf("=>", arm.Start, arm.End - arm.Start, StringComparison.Ordinal) is var arrow and >= 0
                    ? Pieces(file, arrow + 2, arm.End)
                    : []);
        }

        if (text.EndsWith(')') && Invocation().Match(text) is { Success: true } call && Close(code, start + call.Length - 1) == end)
        {
            return [new Piece.Call(call.Groups["name"].Value)];
        }

        var plus = top.Where(i => code[i] == '+' && code[i + 1] != '+' && code[i - 1] != '+' && code[i + 1] != '=').ToList();
        return plus.Count > 0 ? Concatenation(file, start, end, plus) : [new Piece.Other()];
    }

    /// <summary><c>"a" + x + (b ? "c" : "d")</c>: every combination of the texts, other parts as placeholders.</summary>
    private static IEnumerable<Piece> Concatenation(CSharpText file, int start, int end, List<int> plus)
    {
        var bounds = new List<int> { start - 1 };
        bounds.AddRange(plus);
        bounds.Add(end);
        var combinations = new List<string> { string.Empty };
        var anyText = false;
        for (var k = 0; k + 1 < bounds.Count; k++)
        {
            var texts = Pieces(file, bounds[k] + 1, bounds[k + 1]).OfType<Piece.Text>().Select(t => t.Template).ToList();
            anyText |= texts.Count > 0;
            var parts = texts.Count > 0 ? texts : ["{#}"];
            combinations = [.. combinations.SelectMany(prefix => parts.Select(part => prefix + "\u0001" + part))];
        }

        return anyText ? combinations.Select(c => new Piece.Text(Renumber(c))) : [new Piece.Other()];
    }

    /// <summary>Placeholders numbered again from {0} across a concatenation of templates (each numbered from {0}).</summary>
    private static string Renumber(string joined)
    {
        var next = 0;
        var result = new StringBuilder();
        foreach (var part in joined.Split('\u0001'))
        {
            var offset = next;
            result.Append(Placeholder().Replace(part, m =>
            {
                var number = m.Value == "{#}" ? 0 : int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                next = Math.Max(next, offset + number + 1);
                return "{" + (offset + number).ToString(CultureInfo.InvariantCulture) + "}";
            }));
        }

        return result.ToString();
    }

    private static List<int> TopLevel(string code, int start, int end)
    {
        var positions = new List<int>();
        var depth = 0;
        for (var i = start; i < end; i++)
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
            else if (depth == 0 && c is '?' or ':' or '+')
            {
                positions.Add(i);
            }
        }

        return positions;
    }

    /// <summary>The top-level ? and its : (not ??, ?. or ?[).</summary>
    private static (int Question, int Colon)? Ternary(string code, List<int> top)
    {
        var question = -1;
        var open = 0;
        foreach (var i in top)
        {
            if (code[i] == '?' && code[i + 1] is not ('?' or '.' or '[') && code[i - 1] != '?')
            {
                question = question < 0 ? i : question;
                open++;
            }
            else if (code[i] == ':' && question >= 0 && --open == 0)
            {
                return (question, i);
            }
        }

        return null;
    }

    public static readonly Regex PlaceholderPattern = Placeholder();

    [GeneratedRegex(@"\{(\d+|#)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^@?[A-Za-z_][\w.!]*$")]
    private static partial Regex DottedName();

    [GeneratedRegex(@"^[\w.!?]+\s+switch\s*\{")]
    private static partial Regex Switch();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][\w.]*)\s*\(")]
    private static partial Regex Invocation();
}
