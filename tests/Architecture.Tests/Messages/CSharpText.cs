using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SmePlatform.Architecture.Tests.Messages;

/// <summary>A string literal of a source file: where it is, and the text it stands for (interpolations as {0}, {1}…).</summary>
public sealed record StringLiteral(int Start, int End, string Template)
{
    /// <summary>
    /// The texts it can be: a hole that chooses between two literals (<c>{(cityWide ? "" : " in your ward")}</c>) is
    /// part of the text, once with each, so that each sentence is translated whole.
    /// </summary>
    public IReadOnlyList<string> Templates { get; init; } = [Template];
}

/// <summary>
/// A C# source file read just enough to find messages: comments blanked, and every string literal (regular, verbatim,
/// interpolated, raw) masked as <c>"___"</c> of the same length, so that brackets and commas inside strings do not
/// count and positions stay those of the original text. <see cref="LiteralAt"/> tells what each literal says.
/// </summary>
public sealed partial class CSharpText
{
    private readonly Dictionary<int, StringLiteral> literals = [];

    public CSharpText(string path, string source)
    {
        Path = path;
        var masked = source.ToCharArray();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '/' && At(source, i + 1) == '/')
            {
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                Blank(masked, i, end);
                i = end;
            }
            else if (c == '/' && At(source, i + 1) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? source.Length : end + 2;
                Blank(masked, i, end);
                i = end;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < source.Length && source[end] != '\'')
                {
                    end += source[end] == '\\' ? 2 : 1;
                }

                Mask(masked, i, end + 1);
                i = end + 1;
            }
            else if (StringStart(source, i) is { } prefix)
            {
                var literal = ReadString(source, i, prefix);
                literals[i] = literal;
                Mask(masked, i, literal.End);
                i = literal.End;
            }
            else
            {
                i++;
            }
        }

        Code = new string(masked);
    }

    public string Path { get; }

    /// <summary>The source with comments blanked and literals masked; same length and positions as the source.</summary>
    public string Code { get; }

    /// <summary>The literal that starts at <paramref name="start"/>, if one does.</summary>
    public StringLiteral? LiteralAt(int start) => literals.GetValueOrDefault(start);

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static void Blank(char[] masked, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            masked[k] = masked[k] == '\n' ? '\n' : ' ';
        }
    }

    private static void Mask(char[] masked, int start, int end)
    {
        end = Math.Min(end, masked.Length);
        for (var k = start; k < end; k++)
        {
            masked[k] = masked[k] == '\n' ? '\n' : '_';
        }

        masked[start] = '"';
        masked[end - 1] = '"';
    }

    /// <summary>The prefix ($, @, $@, $$…) when a string literal starts at <paramref name="i"/> (not inside an identifier).</summary>
    private static string? StringStart(string s, int i)
    {
        if (i > 0 && (char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_'))
        {
            return null;
        }

        var k = i;
        while (k < s.Length && (s[k] == '$' || s[k] == '@'))
        {
            k++;
        }

        return At(s, k) == '"' ? s[i..k] : null;
    }

    private static StringLiteral ReadString(string s, int start, string prefix)
    {
        var interpolated = prefix.Contains('$', StringComparison.Ordinal);
        var verbatim = prefix.Contains('@', StringComparison.Ordinal);
        var i = start + prefix.Length;
        var quotes = 0;
        while (At(s, i + quotes) == '"')
        {
            quotes++;
        }

        var text = new StringBuilder();
        var holes = 0;
        if (quotes >= 3)
        {
            // Raw string: ends at the same number of quotes; holes are as many braces as the prefix has dollars.
            var close = new string('"', quotes);
            var end = s.IndexOf(close, i + quotes, StringComparison.Ordinal);
            var body = s[(i + quotes)..end];
            var braces = prefix.Count(ch => ch == '$');
            if (braces > 0)
            {
                var open = new string('{', braces);
                var shut = new string('}', braces);
                for (var k = 0; k < body.Length;)
                {
                    if (string.CompareOrdinal(body, k, open, 0, braces) == 0)
                    {
                        var hole = body.IndexOf(shut, k, StringComparison.Ordinal);
                        text.Append('{').Append(holes++.ToString(CultureInfo.InvariantCulture)).Append('}');
                        k = hole + braces;
                    }
                    else
                    {
                        text.Append(body[k++]);
                    }
                }
            }
            else
            {
                text.Append(body);
            }

            return new StringLiteral(start, end + quotes, text.ToString());
        }

        i++;
        var choices = new List<string[]>();
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"' && verbatim && At(s, i + 1) == '"')
            {
                text.Append('"');
                i += 2;
            }
            else if (c == '"')
            {
                return Choose(new StringLiteral(start, i + 1, text.ToString()), choices);
            }
            else if (c == '\\' && !verbatim)
            {
                var (value, length) = Escape(s, i);
                text.Append(value);
                i += length;
            }
            else if (interpolated && c == '{' && At(s, i + 1) == '{')
            {
                text.Append('{');
                i += 2;
            }
            else if (interpolated && c == '}' && At(s, i + 1) == '}')
            {
                text.Append('}');
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                var end = SkipHole(s, i + 1);
                var choice = Choice().Match(s[(i + 1)..(end - 1)]);
                if (choice.Success)
                {
                    choices.Add([choice.Groups["a"].Value, choice.Groups["b"].Value]);
                    text.Append('\u0002');
                }
                else
                {
                    text.Append('{').Append(holes++.ToString(CultureInfo.InvariantCulture)).Append('}');
                }

                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return new StringLiteral(start, s.Length, text.ToString());
    }

    private static StringLiteral Choose(StringLiteral literal, List<string[]> choices)
    {
        IEnumerable<string> texts = [literal.Template];
        foreach (var choice in choices)
        {
            texts = texts.SelectMany(t => choice.Select(option => ReplaceFirst(t, option)));
        }

        var all = texts.ToList();
        return literal with { Template = all[0], Templates = all };
    }

    private static string ReplaceFirst(string text, string option)
    {
        var at = text.IndexOf('\u0002', StringComparison.Ordinal);
        return text[..at] + option + text[(at + 1)..];
    }

    /// <summary>Past the '}' that closes a hole opened before <paramref name="i"/> (nested strings, brackets and a format included).</summary>
    private static int SkipHole(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (StringStart(s, i) is { } prefix)
            {
                i = ReadString(s, i, prefix).End;
                continue;
            }

            if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'')
                {
                    i += s[i] == '\\' ? 2 : 1;
                }

                i++;
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == '}' && depth == 0)
            {
                return i + 1;
            }
            else if (c == '}')
            {
                depth--;
            }
            else if (c == ':' && depth == 0)
            {
                // The format: everything up to the closing brace.
                return s.IndexOf('}', i) + 1;
            }

            i++;
        }

        return i;
    }

    private static (string Value, int Length) Escape(string s, int i) => At(s, i + 1) switch
    {
        'n' => ("\n", 2),
        't' => ("\t", 2),
        'r' => ("\r", 2),
        '0' => ("\0", 2),
        'u' => (((char)int.Parse(s.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(), 6),
        var other => (other.ToString(), 2),
    };

    [GeneratedRegex(@"^\s*\(?[^""?]*\?\s*""(?<a>[^""\\{}]*)""\s*:\s*""(?<b>[^""\\{}]*)""\s*\)?\s*$")]
    private static partial Regex Choice();
}
