using Microsoft.AspNetCore.Http;
using SmePlatform.ServiceDefaults.Localization;

namespace SmePlatform.BuildingBlocks.Tests.Localization;

public sealed class ProblemLanguageTests
{
    [Theory]
    [InlineData(null, "zh-CN")]
    [InlineData("", "zh-CN")]
    [InlineData("en", "en")]
    [InlineData("en-GB,en;q=0.9", "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("fr-FR,en;q=0.5,zh;q=0.4", "en")]
    [InlineData("zh;q=0.4,en;q=0.6", "en")]
    [InlineData("en;q=0,zh;q=0.1", "zh-CN")]
    [InlineData("de-DE", "zh-CN")]
    [InlineData("*", "zh-CN")]
    [InlineData(";;;==", "zh-CN")]
    public void Chinese_unless_English_is_asked_for_first(string? acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        if (acceptLanguage is not null)
        {
            context.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        Assert.Equal(expected, ProblemLanguage.For(context.Request).Name);
    }
}
