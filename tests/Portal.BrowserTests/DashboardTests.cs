using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The SME Office's dashboard: the figures ClusterStats answers, withheld ones shown as withheld, in both languages.</summary>
[Collection(PortalCollection.Name)]
public sealed class DashboardTests(PortalPlatform platform)
{
    [Fact]
    public async Task The_SME_Office_sees_the_city_figures_by_ward_with_withheld_cells_never_shown_as_numbers()
    {
        using var response = await platform.As("smeoffice.liu").GetAsync("/api/stats/enterprise-counts");
        var counts = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var byWard = counts.GetProperty("byWard").EnumerateArray().ToList();

        var page = await platform.NewPageAsync();
        await page.SignInAsync("smeoffice.liu");
        await page.GetByRole(AriaRole.Link, new() { Name = "数据看板" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("数据看板");

        var rows = page.GetByTestId("by-ward").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(byWard.Count);
        for (var i = 0; i < byWard.Count; i++)
        {
            var ward = byWard[i];
            var cell = await rows.Nth(i).Locator("td").First.InnerTextAsync();
            Assert.Equal(ward.GetProperty("obsStatus").GetString() == "C"
                ? "已隐去"
                : ward.GetProperty("enterprises").GetInt32().ToString("N0", CultureInfo.GetCultureInfo("zh-CN")), cell);
        }

        // A withheld figure is left out of the answer (null is not written).
        await Assertions.Expect(page.GetByTestId("tile-total")).ToContainTextAsync(counts.TryGetProperty("total", out var total)
            ? total.GetInt32().ToString("N0", CultureInfo.GetCultureInfo("zh-CN")) : "已隐去");
        await page.ScreenshotAsync(platform, "dashboard-sme-office-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.SwitchToEnglishAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(rows).ToHaveCountAsync(byWard.Count);
        await page.ScreenshotAsync(platform, "dashboard-sme-office-en");
        await AxeCore.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_clerk_is_not_offered_the_dashboard_and_is_refused_at_its_address()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "数据看板" })).ToHaveCountAsync(0);
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("您无权查看此页面。");
        await Assertions.Expect(page.GetByTestId("tile-total")).ToHaveCountAsync(0);
    }
}
