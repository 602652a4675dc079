using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>What a person does in the browser, in the tests' words.</summary>
public static partial class Browser
{
    public const string Password = "demo";

    /// <summary>Opens the portal at the gateway's address, signs in on the platform's sign-in page, waits for home.</summary>
    public static async Task SignInAsync(this IPage page, string username)
    {
        await page.GotoAsync("/");
        // Not signed in: the portal sends the browser to the OpenID Connect server's sign-in page (code flow + PKCE).
        await page.WaitForURLAsync(AuthorizePage());
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#password").PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/connect/authorize", StringComparison.Ordinal)
            && !url.Contains("/signin-callback", StringComparison.Ordinal));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Blazor has connected its circuit: buttons now act (the page was first painted by the server).</summary>
    public static async Task WaitForInteractiveAsync(this IPage page)
    {
        await page.Locator("main[data-live=true] h1").WaitForAsync();
    }

    public static async Task SwitchToEnglishAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        await page.WaitForInteractiveAsync();
    }

    public static async Task ScreenshotAsync(this IPage page, PortalPlatform platform, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(platform.Screenshots, name + ".png"),
            FullPage = true,
            // Charts grow in with a CSS animation: the picture shows them drawn.
            Animations = ScreenshotAnimations.Disabled,
        });

    [GeneratedRegex("/connect/authorize")]
    private static partial Regex AuthorizePage();
}
