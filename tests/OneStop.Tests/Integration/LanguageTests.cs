using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// A clerk's screen and a counter system read refusals in the caller's language: Chinese unless English is asked for
/// first; the type, the code and the field names are the same in both.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LanguageTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private static readonly object BadRegistration = new { uscc = "91210102MA0XXXXXX0", name = "", ward = "atlantis", industryCode = "C3511", employees = -1 };

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> RegisterAsync(string? acceptLanguage)
    {
        var client = As("admin");
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await client.PostAsJsonAsync(TestEnterprises.Path, BadRegistration);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    [Fact]
    public async Task Without_Accept_Language_every_message_is_in_Chinese()
    {
        var (response, problem) = await RegisterAsync(null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("zh-CN", response.Content.Headers.ContentLanguage.Single());
        Assert.True(HasChinese(problem.GetProperty("title").GetString()!), problem.ToString());
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.True(errors.Count >= 3, problem.ToString());
        Assert.All(errors, field => Assert.All(field.Value.EnumerateArray(), message => Assert.True(HasChinese(message.GetString()!), $"{field.Name}: {message}")));
    }

    [Fact]
    public async Task English_when_asked_for_first_and_the_same_type_code_and_fields_in_both()
    {
        var (english, inEnglish) = await RegisterAsync("en-GB,en;q=0.9,zh-CN;q=0.8");
        var (_, inChinese) = await RegisterAsync("zh-CN,zh;q=0.9");

        Assert.Equal("en", english.Content.Headers.ContentLanguage.Single());
        Assert.False(HasChinese(inEnglish.GetProperty("title").GetString()!), inEnglish.ToString());
        Assert.Equal(inChinese.GetProperty("type").GetString(), inEnglish.GetProperty("type").GetString());
        Assert.Equal(inChinese.GetProperty("code").GetString(), inEnglish.GetProperty("code").GetString());
        Assert.Equal(inChinese.GetProperty("errors").EnumerateObject().Select(f => f.Name).Order(),
            inEnglish.GetProperty("errors").EnumerateObject().Select(f => f.Name).Order());
        Assert.NotEqual(inChinese.GetProperty("title").GetString(), inEnglish.GetProperty("title").GetString());
    }
}
