namespace SmePlatform.OneStop.Domain;

/// <summary>
/// A GB/T 4754-2017 industry code: a section letter (A–T), optionally followed by a two-digit division, a third
/// digit for the group and a fourth for the class ("C", "C35", "C351", "C3511"). The division must belong to
/// the section (divisions 13–43 are manufacturing, section C), so a mistyped letter or number is caught.
/// </summary>
public readonly record struct IndustryCode
{
    /// <summary>Sections of GB/T 4754-2017 and their division ranges.</summary>
    private static readonly Dictionary<char, (int First, int Last)> Sections = new()
    {
        ['A'] = (1, 5), ['B'] = (6, 12), ['C'] = (13, 43), ['D'] = (44, 46), ['E'] = (47, 50),
        ['F'] = (51, 52), ['G'] = (53, 60), ['H'] = (61, 62), ['I'] = (63, 65), ['J'] = (66, 69),
        ['K'] = (70, 70), ['L'] = (71, 72), ['M'] = (73, 75), ['N'] = (76, 79), ['O'] = (80, 82),
        ['P'] = (83, 83), ['Q'] = (84, 85), ['R'] = (86, 90), ['S'] = (91, 96), ['T'] = (97, 97),
    };

    private IndustryCode(string value) => Value = value;

    public string Value { get; }

    public char Section => Value[0];

    /// <summary>The two-digit division, or null for a code that names only the section.</summary>
    public string? Division => Value.Length >= 3 ? Value.Substring(1, 2) : null;

    public override string ToString() => Value;

    public static bool TryParse(string? input, out IndustryCode code, out string error)
    {
        code = default;
        var text = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            error = "An industry code is required (GB/T 4754-2017, e.g. C3511).";
            return false;
        }

        if (!Sections.TryGetValue(text[0], out var divisions))
        {
            error = $"'{text[0]}' is not a GB/T 4754-2017 section; sections are A to T.";
            return false;
        }

        var digits = text.AsSpan(1);
        if (digits.Length is 1 or > 4 || !AllDigits(digits))
        {
            error = "After the section letter come two, three or four digits (division, group, class), e.g. C35 or C3511.";
            return false;
        }

        if (digits.Length >= 2)
        {
            var division = (digits[0] - '0') * 10 + (digits[1] - '0');
            if (division < divisions.First || division > divisions.Last)
            {
                error = $"Division {division:00} is not in section {text[0]} (its divisions are {divisions.First:00}–{divisions.Last:00}).";
                return false;
            }
        }

        code = new IndustryCode(text);
        error = string.Empty;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
