using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The examiners' work: from the queue to an approval countersigned by a second examiner (four-eyes).</summary>
[Collection(PortalCollection.Name)]
public sealed partial class ExaminationTests(PortalPlatform platform)
{
    [Fact]
    public async Task An_examiner_takes_an_application_from_the_queue_approves_it_and_a_second_examiner_countersigns()
    {
        // CNY 2,000,000 is above the four-eyes threshold (CNY 1,200,000): the approval needs a second examiner.
        var (key, id, enterprise) = await platform.SubmitAsync("sy-commercial-bank", 2_000_000m);

        var li = await platform.NewPageAsync();
        await li.SignInAsync("examiner.li");
        await li.GetByRole(AriaRole.Link, new() { Name = "担保审查队列" }).First.ClickAsync();
        await Assertions.Expect(li.Locator("main h1")).ToHaveTextAsync("担保审查队列");
        await li.GetByTestId("queue-unassigned").ClickAsync();
        await Assertions.Expect(li.GetByTestId("queue-unassigned")).ToHaveAttributeAsync("aria-current", "page");
        var row = li.Locator($"[data-testid=queue-row][data-key='{key}']");
        // The queue lists the oldest first, a page at a time; on a platform other tests have filled, the new
        // application can be on a later page, which is where an examiner would find it too.
        await Assertions.Expect(li.GetByTestId("work-queue")).ToHaveAttributeAsync("data-queue", "unassigned");
        var first = li.Locator("[data-testid=queue-row]").First;
        for (var pages = 0; await row.CountAsync() == 0 && pages < 40; pages++)
        {
            var firstKey = await first.GetAttributeAsync("data-key");
            await li.GetByRole(AriaRole.Button, new() { Name = "下一页" }).ClickAsync();
            await Assertions.Expect(first).Not.ToHaveAttributeAsync("data-key", firstKey ?? "");
        }

        await Assertions.Expect(row).ToContainTextAsync(enterprise);
        await Assertions.Expect(row).ToContainTextAsync("200 万元");
        await li.ScreenshotAsync(platform, "home-examiner-queue-zh");
        await AxeCore.AssertAccessibleAsync(li);

        await row.GetByRole(AriaRole.Link, new() { Name = key }).ClickAsync();
        await li.WaitForURLAsync(new Regex($"/examination/{id}$"));
        await Assertions.Expect(li.Locator("main h1")).ToContainTextAsync(key);
        await Assertions.Expect(li.GetByTestId("screening")).ToContainTextAsync("全部检查通过");
        await Assertions.Expect(li.GetByTestId("exposure")).ToContainTextAsync("剩余额度");
        await Assertions.Expect(li.GetByTestId("diagnosis")).ToContainTextAsync("未经授权");

        await li.GetByRole(AriaRole.Button, new() { Name = "接手此申请" }).ClickAsync();
        await Assertions.Expect(li.GetByTestId("examiner")).Not.ToHaveTextAsync("未分配");
        // Above the threshold the decision waits for a second examiner to take the application.
        await Assertions.Expect(li.GetByTestId("needs-second")).ToBeVisibleAsync();
        await Assertions.Expect(li.GetByTestId("decision-form")).ToHaveCountAsync(0);

        // The second examiner finds it in the queue of every application and takes it as the second examiner.
        var wang = await platform.NewPageAsync();
        await wang.SignInAsync("examiner.wang");
        await wang.GotoAsync("examination?queue=all");
        await wang.WaitForInteractiveAsync();
        await wang.Locator($"[data-testid=queue-row][data-key='{key}']").GetByRole(AriaRole.Link, new() { Name = key }).ClickAsync();
        await wang.GetByRole(AriaRole.Button, new() { Name = "作为第二审查员接手" }).ClickAsync();
        await Assertions.Expect(wang.GetByTestId("second-examiner")).Not.ToHaveTextAsync("未分配");

        // The examiner decides: the fund computes the grade with its points, the coverage and the fee, each with its reason.
        await li.ReloadAsync();
        await li.WaitForInteractiveAsync();
        await li.GetByLabel("理由（可选）").FillAsync("经营稳定，现金流充足。");
        await li.GetByRole(AriaRole.Button, new() { Name = "记录决定" }).ClickAsync();
        var proposal = li.GetByTestId("proposal");
        await Assertions.Expect(proposal).ToContainTextAsync("待第二审查员会签");
        await Assertions.Expect(proposal.GetByTestId("proposal-outcome")).ToHaveTextAsync("批准");
        await Assertions.Expect(proposal.Locator("ol li", new() { HasText = "points" })).Not.ToHaveCountAsync(0);
        await Assertions.Expect(li.GetByTestId("status")).ToHaveTextAsync("审查中");
        await Assertions.Expect(li.GetByTestId("actions")).ToContainTextAsync("等待第二审查员会签");
        await li.ScreenshotAsync(platform, "examination-proposed-zh");
        await AxeCore.AssertAccessibleAsync(li);

        // The second examiner countersigns: the approval takes effect, signed by both.
        await wang.ReloadAsync();
        await wang.WaitForInteractiveAsync();
        await wang.GetByRole(AriaRole.Button, new() { Name = "会签批准" }).ClickAsync();

        await Assertions.Expect(wang.GetByTestId("status")).ToHaveTextAsync("已批准");
        var decision = wang.GetByTestId("decision");
        await Assertions.Expect(decision.GetByTestId("decision-outcome")).ToHaveTextAsync("批准");
        await Assertions.Expect(decision.GetByTestId("decision-by")).ToContainTextAsync("·");
        await Assertions.Expect(wang.GetByTestId("proposal")).ToHaveCountAsync(0);
        await wang.ScreenshotAsync(platform, "examination-countersigned-zh");
        await AxeCore.AssertAccessibleAsync(wang);

        await wang.SwitchToEnglishAsync();
        await Assertions.Expect(wang.GetByTestId("status")).ToHaveTextAsync("Approved");
        await Assertions.Expect(wang.GetByTestId("decision").GetByRole(AriaRole.Heading, new() { Name = "Reasons" })).ToBeVisibleAsync();
        await wang.ScreenshotAsync(platform, "examination-countersigned-en");
        await AxeCore.AssertAccessibleAsync(wang);
    }

    [Fact]
    public async Task A_clerk_is_not_offered_the_examination_queue_and_is_refused_at_its_address()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "担保审查队列" })).ToHaveCountAsync(0);
        await page.GotoAsync("examination");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("您无权查看此页面。");
        await Assertions.Expect(page.GetByTestId("work-queue")).ToHaveCountAsync(0);
    }
}
