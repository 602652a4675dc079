using FsCheck;
using FsCheck.Fluent;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class UnifiedSocialCreditCodeTests
{
    // Codes as printed on published business licences; each checks out under the GB 32100-2015 rule.
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000100006485K")]
    [InlineData("9144030071526726XG")]
    public void Accepts_real_codes(string code) =>
        Assert.Equal(code, UnifiedSocialCreditCode.Parse(code).Code?.Value);

    [Fact]
    public void Normalises_spaces_and_lower_case() =>
        Assert.Equal("9144030071526726XG", UnifiedSocialCreditCode.Parse("  9144030071526726xg ").Code?.Value);

    [Fact]
    public void A_wrong_check_character_names_position_18_and_the_expected_character()
    {
        var result = UnifiedSocialCreditCode.Parse("91350100M000100Y44");
        Assert.Null(result.Code);
        Assert.Equal(18, result.Error!.Position);
        Assert.Contains("'3'", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9135010OM000100Y43", 8, "O")] // letter O instead of zero
    [InlineData("91350100M000100I43", 16, "I")]
    [InlineData("91350100M000100Y4-", 18, "-")]
    public void A_character_outside_the_alphabet_names_its_position(string code, int position, string character)
    {
        var error = UnifiedSocialCreditCode.Parse(code).Error!;
        Assert.Equal(position, error.Position);
        Assert.Contains($"'{character}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("91350100M000100Y4", 18)]
    [InlineData("91350100M000100Y430", 19)]
    public void A_wrong_length_is_reported(string code, int position) =>
        Assert.Equal(position, UnifiedSocialCreditCode.Parse(code).Error!.Position);

    private static readonly Gen<string> First17 =
        Gen.ArrayOf(Gen.Elements(UnifiedSocialCreditCode.Alphabet.ToCharArray()), 17).Select(chars => new string(chars));

    [Fact]
    public void Every_body_with_its_computed_check_character_is_accepted() =>
        Prop.ForAll(First17.ToArbitrary(), body =>
            UnifiedSocialCreditCode.Parse(body + UnifiedSocialCreditCode.CheckCharacter(body)).Code?.Value
                == body + UnifiedSocialCreditCode.CheckCharacter(body))
            .QuickCheckThrowOnFailure();

    /// <summary>The weights are coprime to 31, so any single mistyped character changes the check: the point of it.</summary>
    [Fact]
    public void Any_single_substituted_character_is_detected()
    {
        var cases = from body in First17
                    from position in Gen.Choose(0, 16)
                    from replacement in Gen.Elements(UnifiedSocialCreditCode.Alphabet.ToCharArray())
                    where body[position] != replacement
                    select (body, position, replacement);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var valid = c.body + UnifiedSocialCreditCode.CheckCharacter(c.body);
            var typo = valid.Remove(c.position, 1).Insert(c.position, c.replacement.ToString());
            return UnifiedSocialCreditCode.Parse(typo).Error?.Position == 18;
        }).QuickCheckThrowOnFailure();
    }
}
