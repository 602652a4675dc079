using Microsoft.Playwright;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The counter's walk-in queue: a ticket issued from the keyboard, called, served and finished.</summary>
[Collection(PortalCollection.Name)]
public sealed class QueueTests(PortalPlatform platform)
{
    [Fact]
    public async Task A_clerk_issues_a_ticket_calls_the_next_visitor_serves_and_finishes()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");
        await page.GetByRole(AriaRole.Link, new() { Name = "叫号排队" }).First.ClickAsync();
        await page.Locator("#reason").WaitForAsync();

        var reason = "营业执照变更咨询 " + Guid.NewGuid().ToString("N")[..4];
        await page.Locator("#reason").FillAsync(reason);
        await page.Locator("#reason").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("issued")).ToContainTextAsync("HP-");

        await page.Locator("#counter").FillAsync("3号窗口");
        await page.GetByRole(AriaRole.Button, new() { Name = "叫下一位（Alt+N）" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("called")).ToContainTextAsync("正在叫号");

        var calledRow = page.Locator("[data-testid=ticket-row][data-state=called]").First;
        await Assertions.Expect(calledRow).ToBeVisibleAsync();
        await calledRow.GetByRole(AriaRole.Button, new() { Name = "开始办理", Exact = false }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ticket-row][data-state=serving]").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "queue-counter-staff-zh");
        await AxeCore.AssertAccessibleAsync(page);
        await page.Locator("[data-testid=ticket-row][data-state=serving]").First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("figures")).ToContainTextAsync("已办结");
    }
}
