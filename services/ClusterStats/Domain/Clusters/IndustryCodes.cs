namespace SmePlatform.ClusterStats.Domain.Clusters;

/// <summary>The grain of a GB/T 4754-2017 code: section (C), division (C36), group (C367) or class (C3670).</summary>
public enum IndustryLevel
{
    Section = 1,
    Division = 3,
    Group = 4,
    Class = 5,
}

/// <summary>
/// GB/T 4754-2017 codes as the register writes them: a section letter A-T, then two, three or four digits, the division
/// belonging to the section (divisions 13-43 are manufacturing, C). The same check as the register's, so that a cluster
/// names only codes an enterprise can carry.
/// </summary>
public static class IndustryCodes
{
    private static readonly Dictionary<char, (int First, int Last)> Sections = new()
    {
        ['A'] = (1, 5), ['B'] = (6, 12), ['C'] = (13, 43), ['D'] = (44, 46), ['E'] = (47, 50),
        ['F'] = (51, 52), ['G'] = (53, 60), ['H'] = (61, 62), ['I'] = (63, 65), ['J'] = (66, 69),
        ['K'] = (70, 70), ['L'] = (71, 72), ['M'] = (73, 75), ['N'] = (76, 79), ['O'] = (80, 82),
        ['P'] = (83, 83), ['Q'] = (84, 85), ['R'] = (86, 90), ['S'] = (91, 96), ['T'] = (97, 97),
    };

    public static bool IsValid(string? code)
    {
        if (code is not { Length: 1 or 3 or 4 or 5 } || !Sections.TryGetValue(code[0], out var divisions))
        {
            return false;
        }

        if (code.Length == 1)
        {
            return true;
        }

        foreach (var c in code.AsSpan(1))
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var division = (code[1] - '0') * 10 + (code[2] - '0');
        return division >= divisions.First && division <= divisions.Last;
    }

    /// <summary>
    /// The code an enterprise is counted under at <paramref name="level"/>: its code cut to that length. An enterprise the
    /// register classifies only more coarsely keeps its coarser code (it is never guessed into a finer one).
    /// </summary>
    public static string AtLevel(string code, IndustryLevel level)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length <= (int)level ? code : code[..(int)level];
    }

    /// <summary>Whether <paramref name="code"/> lies within <paramref name="prefix"/> (a code at any level).</summary>
    public static bool Covers(string prefix, string code) =>
        code is not null && prefix is not null && code.StartsWith(prefix, StringComparison.Ordinal);
}
