using Microsoft.Playwright;
using SmePlatform.Platform.Tests;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalPlatform>
{
    public const string Name = "portal";
}

/// <summary>
/// The platform as ./sme up runs it, the staff portal behind the gateway, and Debian's chromium driven headless by
/// Playwright (its own browser download is never used). Each test gets a fresh browser context: its own cookies.
/// </summary>
public sealed class PortalPlatform() : PlatformFixture(withPortal: true)
{
    /// <summary>Debian's chromium; CHROMIUM_PATH names another build.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>axe-core from the npm registry (package.json here; ./sme test and .ci/run install it).</summary>
    public string AxeSource { get; private set; } = "";

    /// <summary>Where the screenshots go: SME_SCREENSHOTS, or .sme/test-results/portal-screenshots beside ./sme test's TRX files.</summary>
    public string Screenshots { get; } = Environment.GetEnvironmentVariable("SME_SCREENSHOTS")
        ?? Path.Combine(RepoPaths.Root, ".sme", "test-results", "portal-screenshots");

    public override async Task InitializeAsync()
    {
        AxeSource = await File.ReadAllTextAsync(AxeCore.Locate());
        // An assertion waits for the page's answer, which on a busy shared machine (every service, the browser and
        // other builds on two cores) can take longer than Playwright's 5 s default; a wrong answer still fails.
        Assertions.SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(Screenshots);
        await base.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespace for chromium's sandbox.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A new browser with nothing remembered, a counter's screen size, axe-core loaded in every page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = PortalUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            TimezoneId = "Asia/Shanghai",
        });
        // An init script is added by the browser itself, so the portal's content security policy (script-src 'self')
        // stays on for the test: a page that only works without it would fail here.
        await context.AddInitScriptAsync(AxeSource);
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }
}
