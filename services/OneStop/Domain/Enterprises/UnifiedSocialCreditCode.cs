namespace SmePlatform.OneStop.Domain;

/// <summary>
/// The 18-character Unified Social Credit Code (GB 32100-2015). Its last character is a check character over the
/// first seventeen: weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 over the alphabet
/// 0123456789ABCDEFGHJKLMNPQRTUWXY (no I, O, S, V, Z); check = 31 − (Σ mod 31), with 31 written as 0.
/// A code that fails is never stored: counter staff are told which position is wrong.
/// </summary>
public readonly record struct UnifiedSocialCreditCode
{
    public const int Length = 18;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>Accepts surrounding spaces and lower case (as typed at a counter); everything else must be exact.</summary>
    public static UsccParseResult Parse(string? input)
    {
        var code = (input ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length != Length)
        {
            return UsccParseResult.Fail(new UsccError(code.Length < Length ? code.Length + 1 : Length + 1,
                $"The code must have exactly {Length} characters; it has {code.Length}."));
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(code[i], StringComparison.Ordinal) < 0)
            {
                return UsccParseResult.Fail(new UsccError(i + 1,
                    $"Character {i + 1} ('{code[i]}') is not allowed; codes use 0-9 and A-Y without I, O, S, V and Z."));
            }
        }

        var expected = CheckCharacter(code.AsSpan(0, Length - 1));
        if (code[Length - 1] != expected)
        {
            return UsccParseResult.Fail(new UsccError(Length,
                $"The check character (position 18) should be '{expected}' for the first 17 characters, not '{code[Length - 1]}'. " +
                "One of the characters was probably mistyped."));
        }

        return UsccParseResult.Ok(new UnifiedSocialCreditCode(code));
    }

    /// <summary>The check character for the first seventeen characters, which must be in the alphabet.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("Seventeen characters are needed.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the code alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}

/// <summary>Which position (1-based) is wrong and why.</summary>
public sealed record UsccError(int Position, string Message);

public sealed record UsccParseResult(UnifiedSocialCreditCode? Code, UsccError? Error)
{
    public static UsccParseResult Ok(UnifiedSocialCreditCode code) => new(code, null);

    public static UsccParseResult Fail(UsccError error) => new(null, error);
}
