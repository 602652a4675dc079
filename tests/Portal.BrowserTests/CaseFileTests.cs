using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>
/// The counter's file on an enterprise: its page with the timeline across services, a case's referrals with the replies
/// the receiving service sends back, and a referral sent from the case (every field's error shown).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CaseFileTests(PortalPlatform platform)
{
    private const string Clerk = "counter.heping";

    [Fact]
    public async Task A_clerk_reads_the_enterprise_timeline_and_refers_a_case_whose_acceptance_comes_back()
    {
        var (enterprise, caseId) = await OpenCaseAsync();
        var page = await platform.NewPageAsync();
        await page.SignInAsync(Clerk);

        // The register leads to the enterprise's page: its cases and its timeline.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "企业名录" }).ClickAsync();
        await page.Locator("#q").FillAsync(enterprise.Uscc);
        await page.Locator("#q").PressAsync("Enter");
        await page.GetByTestId("enterprise-row").GetByRole(AriaRole.Link).First.ClickAsync();
        var timeline = page.GetByTestId("timeline");
        await Assertions.Expect(timeline.Locator("li[data-kind='enterprise.registered']")).ToContainTextAsync("已登记");
        await Assertions.Expect(timeline.Locator("li[data-kind='case.opened']")).ToContainTextAsync("受理办件");
        await page.ScreenshotAsync(platform, "counter-enterprise-timeline-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // The case: a referral without a target is refused field by field, then sent to partnership matching.
        await page.GetByTestId("cases").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-state")).ToHaveTextAsync("已受理");
        await page.GetByRole(AriaRole.Button, new() { Name = "发送转介" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field-error=target]")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(platform, "counter-referral-errors-zh");
        await page.Locator("#target").SelectOptionAsync("partnership-matching");
        await page.Locator("#note").FillAsync("企业希望寻找外协加工伙伴");
        await page.GetByRole(AriaRole.Button, new() { Name = "发送转介" }).ClickAsync();
        var referral = page.GetByTestId("case-referrals").Locator("tr[data-target='partnership-matching']");
        await Assertions.Expect(referral.GetByTestId("referral-state")).ToHaveTextAsync("待接收");
        await Assertions.Expect(page.GetByTestId("case-state")).ToHaveTextAsync("已转介");

        // The intermediaries take it on; the acceptance comes back onto the case by event.
        await AcceptInMatchingAsync(caseId);
        await Poll.UntilAsync(async () =>
        {
            await page.ReloadAsync();
            await page.WaitForInteractiveAsync();
            return await referral.GetByTestId("referral-state").TextContentAsync() == "已接受";
        }, TimeSpan.FromSeconds(60), "the acceptance back on the case");
        await Assertions.Expect(referral.Locator(".replies")).ToContainTextAsync("已接受");
        await page.ScreenshotAsync(platform, "counter-case-referrals-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.SwitchToEnglishAsync();
        await Assertions.Expect(referral.GetByTestId("referral-state")).ToHaveTextAsync("Accepted");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Referrals and their replies" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "counter-case-referrals-en");
    }

    [Fact]
    public async Task Another_wards_clerk_gets_neither_the_case_nor_the_enterprise_page()
    {
        var (enterprise, caseId) = await OpenCaseAsync();
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.dadong");

        await page.GotoAsync($"cases/{caseId}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("case-state")).ToHaveCountAsync(0);
        await page.GotoAsync($"enterprises/{enterprise.Id}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("timeline")).ToHaveCountAsync(0);
        Assert.DoesNotContain(enterprise.Uscc, await page.ContentAsync(), StringComparison.Ordinal);
    }

    private async Task<(RegisteredEnterprise Enterprise, Guid CaseId)> OpenCaseAsync()
    {
        var clerk = platform.As(Clerk);
        var enterprise = await clerk.RegisterEnterpriseAsync(new TestEnterprise { Ward = "heping" });
        using var opened = await clerk.PostAsJsonAsync("/api/onestop/cases", new { enterpriseId = enterprise.Id, procedureCode = "finance-consulting", kind = "new" });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        return (enterprise, (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    /// <summary>The referral reaches Matching's queue by event; an intermediary accepts it there.</summary>
    private async Task AcceptInMatchingAsync(Guid caseId)
    {
        var referrals = await platform.As(Clerk).GetFromJsonAsync<JsonElement>($"/api/onestop/cases/{caseId}/referrals");
        var id = referrals.GetProperty("items")[0].GetProperty("id").GetGuid();
        await Poll.UntilAsync(async () =>
        {
            using var accepted = await platform.As("intermediary.zhao").PostAsJsonAsync($"/api/matching/referrals/{id}/acceptance", new { });
            return accepted.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "the referral accepted in Matching's queue");
    }
}
