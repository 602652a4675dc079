using System.Text.RegularExpressions;

namespace SmePlatform.Matching.Domain.Profiles;

/// <summary>
/// A GB/T 4754 industry code as the register writes it: the section letter, then two (division), three (group) or four
/// (class) digits, e.g. "C3511" (section C manufacturing, division 35, group 351, class 3511).
/// </summary>
public static partial class IndustryCode
{
    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>How closely two codes are related: 4 same class, 3 same group, 2 same division, 1 same section, 0 none.</summary>
    public static int Relation(string a, string b)
    {
        if (!IsValid(a) || !IsValid(b) || a[0] != b[0])
        {
            return 0;
        }

        var digits = 0;
        while (digits < 4 && digits + 1 < a.Length && digits + 1 < b.Length && a[digits + 1] == b[digits + 1])
        {
            digits++;
        }

        return digits switch
        {
            4 => 4,
            3 => 3,
            2 => 2,
            _ => 1,
        };
    }

    [GeneratedRegex("^[A-T][0-9]{2,4}$")]
    private static partial Regex Pattern();
}
