using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

public sealed class IndustryCodeTests
{
    [Theory]
    [InlineData("C", 'C', null)]
    [InlineData("c35", 'C', "35")]
    [InlineData("C3511", 'C', "35")]
    [InlineData("A01", 'A', "01")]
    [InlineData("T97", 'T', "97")]
    [InlineData("I651", 'I', "65")]
    public void Accepts_codes_at_every_level(string input, char section, string? division)
    {
        Assert.True(IndustryCode.TryParse(input, out var code, out _));
        Assert.Equal(section, code.Section);
        Assert.Equal(division, code.Division);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("Z12", "not a GB/T 4754-2017 section")]
    [InlineData("C1", "two, three or four digits")]
    [InlineData("C35111", "two, three or four digits")]
    [InlineData("C3a", "two, three or four digits")]
    [InlineData("C99", "Division 99 is not in section C")]
    [InlineData("A06", "Division 06 is not in section A")]
    public void Rejects_with_a_reason(string input, string reason)
    {
        Assert.False(IndustryCode.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
