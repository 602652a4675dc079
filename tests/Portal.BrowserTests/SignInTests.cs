using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>Signing in through the platform's OpenID Connect server, the tokens kept on the server, and each role's home.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class SignInTests(PortalPlatform platform)
{
    [Fact]
    public async Task A_clerk_signs_in_at_the_gateways_address_and_lands_on_home_in_Chinese_with_no_token_in_the_browser()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");

        Assert.StartsWith(platform.PortalUrl.ToString(), page.Url, StringComparison.Ordinal);
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Counter staff, Heping，您好", await page.Locator("main h1").InnerTextAsync());
        Assert.Contains("和平区", await page.GetByTestId("who").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "企业名录" }))
            .ToBeVisibleAsync();
        // The SME Office's pages are not offered to a clerk.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "数据看板" })).ToHaveCountAsync(0);

        // Tokens stay on the server: the browser has an HttpOnly session cookie and nothing that looks like a JWT.
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "sme.portal" && c.HttpOnly);
        Assert.DoesNotContain(cookies, c => c.Value.Contains("eyJ", StringComparison.Ordinal));
        var storage = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        Assert.DoesNotMatch(Jwt(), storage);

        await page.ScreenshotAsync(platform, "home-counter-staff-zh");
        await AxeCore.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task English_is_one_click_away_and_remembered_after_a_reload()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");

        await page.SwitchToEnglishAsync();
        Assert.Equal("Welcome, Counter staff, Heping", await page.Locator("main h1").InnerTextAsync());
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Register of enterprises" }).First).ToBeVisibleAsync();

        await page.ScreenshotAsync(platform, "home-counter-staff-en");
        await AxeCore.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_next_visit_asks_for_the_password_again()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("examiner.li");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.WaitForURLAsync(SignedOut());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("您已退出登录。");

        await page.GotoAsync("/enterprises");
        await page.WaitForURLAsync(new Regex("/connect/authorize"));
        await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("examiner.li", "担保审查员")]
    [InlineData("advisor.chen", "企业诊断顾问")]
    [InlineData("intermediary.zhao", "中介服务专员")]
    [InlineData("smeoffice.liu", "中小企业局")]
    [InlineData("admin", "系统管理员")]
    public async Task Every_staff_role_has_a_home_that_reads_and_passes_the_accessibility_check(string identity, string role)
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync(identity);

        Assert.Contains(role, await page.GetByTestId("who").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("您好");
        await page.ScreenshotAsync(platform, $"home-{identity}-zh");
        await AxeCore.AssertAccessibleAsync(page);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.eyJ")]
    private static partial Regex Jwt();

    [GeneratedRegex("/signed-out")]
    private static partial Regex SignedOut();
}
