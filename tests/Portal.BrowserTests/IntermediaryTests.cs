using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>
/// The intermediary's day: a counter referral taken on, the enterprise's profile drafted (every field's error shown),
/// reviewed and published, a suggested offer with every point explained, both acceptances and the reveal, the case
/// moved stage by stage to its contract, and a follow-up rating.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class IntermediaryTests(PortalPlatform platform)
{
    private const string Intermediary = "intermediary.zhao";

    [Fact]
    public async Task An_intermediary_takes_a_referral_publishes_a_need_and_carries_a_revealed_introduction_to_a_contract()
    {
        var needing = await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise { Ward = "heping", IndustryCode = "C3411" });
        var offering = await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise { Ward = "tiexi", IndustryCode = "C3411" });
        await PublishOfferAsync(offering.Uscc);
        await SendCounterReferralAsync(needing.Id);

        var page = await platform.NewPageAsync();
        await page.SignInAsync(Intermediary);
        await page.GetByRole(AriaRole.Link, new() { Name = "企业合作撮合" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("企业合作撮合");

        // The counter's referral arrives in the queue (by event); take it on, then start work.
        var row = page.GetByTestId("matching-referrals").Locator("tr", new() { HasText = needing.Uscc });
        await Poll.UntilAsync(async () =>
        {
            await page.ReloadAsync();
            await page.WaitForInteractiveAsync();
            return await row.CountAsync() == 1;
        }, TimeSpan.FromSeconds(60), "the counter's referral in the intermediaries' queue");
        await row.GetByRole(AriaRole.Button, new() { Name = "接手" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("referral-state")).ToHaveTextAsync("已接受");
        await row.GetByRole(AriaRole.Button, new() { Name = "开始办理" }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("referral-state")).ToHaveTextAsync("已开始");
        await page.ScreenshotAsync(platform, "home-intermediary-matching-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // Draft the profile from the referral: the code comes along; every field's error is shown beside its field.
        await row.GetByRole(AriaRole.Link, new() { Name = "起草其合作档案" }).ClickAsync();
        await Assertions.Expect(page.Locator("#uscc")).ToHaveValueAsync(needing.Uscc);
        await page.Locator("#kind").SelectOptionAsync("need");
        await page.GetByRole(AriaRole.Button, new() { Name = "起草档案" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("field-errors")).ToBeVisibleAsync();
        foreach (var field in new[] { "outline", "type", "title", "industryCodes", "amount" })
        {
            await Assertions.Expect(page.Locator($"[data-field-error='{field}']")).Not.ToBeEmptyAsync();
        }

        await Assertions.Expect(page.Locator("[data-field-error='outline']")).ToContainTextAsync(new Regex("[\u4e00-\u9fff]"));
        await page.ScreenshotAsync(platform, "matching-profile-errors-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.Locator("#outline").FillAsync("和平区汽车零部件装配企业");
        await page.Locator("#type").SelectOptionAsync("subcontracting_giving");
        await page.Locator("#title").FillAsync("寻找冲压件外协厂");
        await page.Locator("#industryCodes").FillAsync("C3411");
        await page.Locator("#amount").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "起草档案" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-state")).ToHaveTextAsync("草稿");
        await page.GetByRole(AriaRole.Button, new() { Name = "记录我的审核" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-state")).ToHaveTextAsync("已审核");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("profile-state")).ToHaveTextAsync("已发布");

        // The suggestion of the published offer: every component's points, adding up to the score.
        await page.GetByRole(AriaRole.Link, new() { Name = "推荐的供给" }).ClickAsync();
        var suggestion = page.GetByTestId("suggestion").Filter(new() { HasText = "冲压件加工" });
        await Assertions.Expect(suggestion).ToHaveCountAsync(1);
        var points = await suggestion.GetByTestId("score-points").Locator("tbody td.amount").AllTextContentsAsync();
        Assert.Equal(7, points.Count);
        var score = int.Parse(await suggestion.GetByTestId("score").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(score, points.Sum(p => int.Parse(p.Split('/')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        await page.ScreenshotAsync(platform, "matching-suggestions-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // Both acceptances: the second reveals the identities and opens the case.
        await suggestion.GetByRole(AriaRole.Button, new() { Name = "提出介绍" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("anonymous")).ToBeVisibleAsync();
        await page.Locator("#channel-needing").SelectOptionAsync("phone");
        await page.GetByTestId("side-needing").GetByRole(AriaRole.Button, new() { Name = "记录接受" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("side-needing").GetByTestId("accepted")).ToContainTextAsync("通过电话");
        await Assertions.Expect(page.GetByTestId("revealed")).ToHaveCountAsync(0);
        await page.Locator("#channel-offering").SelectOptionAsync("counter_visit");
        await page.GetByTestId("side-offering").GetByRole(AriaRole.Button, new() { Name = "记录接受" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("revealed")).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "matching-introduction-revealed-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // The case, stage by stage (samples and the factory visit may be skipped), to its contract.
        await page.GetByRole(AriaRole.Link, new() { Name = "打开案件" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-stage")).ToHaveTextAsync("洽询");
        foreach (var (stage, name) in new[] { ("nda", "保密协议"), ("q_and_a", "答疑"), ("loi", "意向书"), ("feasibility_study", "可行性研究") })
        {
            await page.Locator("#to").SelectOptionAsync(stage);
            await page.GetByRole(AriaRole.Button, new() { Name = "推进案件", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("case-stage")).ToHaveTextAsync(name);
        }

        await page.Locator("#to").SelectOptionAsync("contract");
        await page.GetByRole(AriaRole.Button, new() { Name = "推进案件", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-field-error='contract-value']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[data-field-error='contract-type']")).Not.ToBeEmptyAsync();
        await page.ScreenshotAsync(platform, "matching-case-contract-errors-zh");
        await page.Locator("#contract-value").FillAsync("1200000");
        await page.Locator("#contract-type").FillAsync("冲压件外协供货");
        // Signed four months ago, so that the three-month follow-up is due and can be rated today.
        await page.Locator("#contract-start").FillAsync(DateTime.UtcNow.AddMonths(-4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "推进案件", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-stage")).ToHaveTextAsync("签约");
        await Assertions.Expect(page.GetByTestId("contract-value")).ToContainTextAsync("120");

        foreach (var mark in new[] { "onTimeDelivery", "quality", "communication" })
        {
            await page.Locator($"#rating-{mark}").FillAsync("4");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "记录评价" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("ratings").Locator("tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(platform, "matching-case-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.SwitchToEnglishAsync();
        await Assertions.Expect(page.GetByTestId("case-stage")).ToHaveTextAsync("Contract");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Follow-up ratings" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "matching-case-en");
    }

    [Fact]
    public async Task A_counter_clerk_is_not_offered_the_matching_pages_and_is_refused_at_their_address()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "企业合作撮合" })).ToHaveCountAsync(0);
        await page.GotoAsync("matching/profiles/new");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("您无权查看此页面。");
        await Assertions.Expect(page.Locator("#outline")).ToHaveCountAsync(0);
    }

    /// <summary>The offering side's profile, published through the API: the journey's other enterprise.</summary>
    private async Task PublishOfferAsync(string uscc)
    {
        var api = platform.As(Intermediary);
        using var drafted = await api.PostAsJsonAsync("/api/matching/profiles", new
        {
            uscc,
            outline = "铁西区冲压件加工企业",
            listings = new[]
            {
                new { kind = "offer", type = "subcontracting_taking", title = "冲压件加工", industryCodes = new[] { "C3411" }, amount = 800, unit = "pieces_per_month" },
            },
        });
        Assert.True(drafted.IsSuccessStatusCode, await drafted.Content.ReadAsStringAsync());
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var step in new[] { "review", "publication" })
        {
            using var advanced = await api.PostAsJsonAsync($"/api/matching/profiles/{id}/{step}", new { });
            Assert.True(advanced.IsSuccessStatusCode, await advanced.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A Heping clerk opens a case for the enterprise and refers it to partnership matching.</summary>
    private async Task SendCounterReferralAsync(Guid enterpriseId)
    {
        var clerk = platform.As("counter.heping");
        using var opened = await clerk.PostAsJsonAsync("/api/onestop/cases", new { enterpriseId, procedureCode = "finance-consulting", kind = "new" });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var sent = await clerk.PostAsJsonAsync($"/api/onestop/cases/{caseId}/referrals",
            new { target = "partnership-matching", note = "企业希望寻找冲压件外协厂" });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
    }
}
