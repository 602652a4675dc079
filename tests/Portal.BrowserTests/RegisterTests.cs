using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The counter's register in the browser: search, registration with every error beside its field, ward isolation.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class RegisterTests(PortalPlatform platform)
{
    /// <summary>A valid code with its 18th character changed: the mistake a clerk's typing makes.</summary>
    private static string MistypedUscc()
    {
        var valid = TestUscc.New("210102");
        return valid[..17] + (valid[17] == '0' ? '1' : '0');
    }

    private static async Task OpenRegisterAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" }).GetByRole(AriaRole.Link, new() { Name = "企业名录" }).ClickAsync();
        await page.Locator("#q").WaitForAsync();
    }

    private static async Task SubmitMistypedAsync(IPage page, string uscc)
    {
        await page.Locator("#uscc").FillAsync(uscc);
        await page.Locator("#employees").FillAsync("-1");
        // A clerk types and presses Enter: the form submits from any field.
        await page.Locator("#uscc").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-field-error=uscc]")).Not.ToBeEmptyAsync();
    }

    [Fact]
    public async Task A_mistyped_code_and_missing_fields_are_shown_beside_each_field_in_Chinese_and_in_English()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");
        await OpenRegisterAsync(page);

        var uscc = MistypedUscc();
        await SubmitMistypedAsync(page, uscc);
        var usccError = await page.Locator("[data-field-error=uscc]").InnerTextAsync();
        Assert.Contains($"而不是“{uscc[17]}”", usccError, StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator("#uscc").GetAttributeAsync("aria-invalid"));
        Assert.Equal("uscc-error", await page.Locator("#uscc").GetAttributeAsync("aria-describedby"));
        // Every error at once: the missing name and industry and the negative head count too.
        foreach (var field in new[] { "name", "industryCode", "employees" })
        {
            Assert.Matches(Chinese(), await page.Locator($"[data-field-error={field}]").InnerTextAsync());
        }

        await Assertions.Expect(page.Locator(".summary")).ToContainTextAsync("请更正");
        await page.ScreenshotAsync(platform, "register-errors-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.SwitchToEnglishAsync();
        await SubmitMistypedAsync(page, uscc);
        usccError = await page.Locator("[data-field-error=uscc]").InnerTextAsync();
        Assert.Contains($"not '{uscc[17]}'", usccError, StringComparison.Ordinal);
        Assert.DoesNotMatch(Chinese(), usccError);
        await Assertions.Expect(page.Locator("[data-field-error=name]")).ToHaveTextAsync("The enterprise name is required.");
        await page.ScreenshotAsync(platform, "register-errors-en");
    }

    [Fact]
    public async Task A_clerk_registers_a_visitors_enterprise_and_finds_it_by_a_part_of_its_name()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");
        await OpenRegisterAsync(page);
        var uscc = TestUscc.New("210102");
        var name = UniqueName() + "科技有限公司";

        await page.GetByLabel("企业名称", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("统一社会信用代码（18 位）", new() { Exact = true }).FillAsync(uscc);
        await page.GetByLabel("行业（GB/T 4754 代码，如 C3511）", new() { Exact = true }).FillAsync("I6510");
        await page.GetByLabel("从业人数", new() { Exact = true }).FillAsync("12");
        await page.GetByLabel("年营业收入（元）", new() { Exact = true }).FillAsync("3600000");
        await page.GetByLabel("资产总额（元）", new() { Exact = true }).FillAsync("2000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("registered")).ToContainTextAsync(uscc);
        await page.Locator("#q").FillAsync(name[..8]);
        await page.Locator("#q").PressAsync("Enter");
        var rows = page.GetByTestId("enterprise-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.ScreenshotAsync(platform, "register-done-zh");
        await Assertions.Expect(rows.First).ToContainTextAsync("和平区");
        await Assertions.Expect(rows.First).ToContainTextAsync(uscc);
    }

    [Fact]
    public async Task A_possible_duplicate_is_shown_before_saving_and_registers_only_once_the_clerk_confirms()
    {
        var existing = await platform.As("counter.heping").RegisterEnterpriseAsync(new TestEnterprise { Name = UniqueName() + "商贸有限公司" });
        var name = existing.Body.GetProperty("name").GetString()!;
        var page = await platform.NewPageAsync();
        await page.SignInAsync("counter.heping");
        await OpenRegisterAsync(page);

        var uscc = TestUscc.New("210102");
        await page.GetByLabel("企业名称", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("统一社会信用代码（18 位）", new() { Exact = true }).FillAsync(uscc);
        await page.GetByLabel("行业（GB/T 4754 代码，如 C3511）", new() { Exact = true }).FillAsync("F5133");
        await page.GetByLabel("从业人数", new() { Exact = true }).FillAsync("8");
        await page.GetByLabel("年营业收入（元）", new() { Exact = true }).FillAsync("900000");
        await page.GetByLabel("资产总额（元）", new() { Exact = true }).FillAsync("300000");
        var register = page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true });
        await register.ClickAsync();

        // The warning names the enterprise already registered, in Chinese; nothing is saved yet.
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync(existing.Uscc);
        await Assertions.Expect(page.GetByTestId("registered")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(platform, "register-duplicate-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.GetByLabel("已核实：这是另一家企业").CheckAsync();
        await register.ClickAsync();
        await Assertions.Expect(page.GetByTestId("registered")).ToContainTextAsync(uscc);
        await AxeCore.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_Heping_clerk_never_sees_a_Dadong_enterprise_which_the_Dadong_clerk_does_see()
    {
        var dadong = await platform.As("counter.dadong").RegisterEnterpriseAsync(new TestEnterprise
        {
            Uscc = TestUscc.New("210104"), Ward = "dadong", Name = "大东区隔离测试" + Guid.NewGuid().ToString("N")[..6] + "有限公司",
        });
        var name = dadong.Body.GetProperty("name").GetString()!;

        var heping = await platform.NewPageAsync();
        await heping.SignInAsync("counter.heping");
        await OpenRegisterAsync(heping);
        // The whole first page of the register, then by name and by code: never the Dadong enterprise.
        Assert.DoesNotContain("大东区", await heping.Locator("table.grid").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var query in new[] { name, dadong.Uscc })
        {
            await heping.Locator("#q").FillAsync(query);
            await heping.Locator("#q").PressAsync("Enter");
            await Assertions.Expect(heping.Locator(".empty")).ToHaveTextAsync("没有符合条件的企业。");
            await Assertions.Expect(heping.GetByTestId("enterprise-row")).ToHaveCountAsync(0);
        }

        var dadongClerk = await platform.NewPageAsync();
        await dadongClerk.SignInAsync("counter.dadong");
        await OpenRegisterAsync(dadongClerk);
        await dadongClerk.Locator("#q").FillAsync(dadong.Uscc);
        await dadongClerk.Locator("#q").PressAsync("Enter");
        await Assertions.Expect(dadongClerk.GetByTestId("enterprise-row")).ToHaveCountAsync(1);
        await Assertions.Expect(dadongClerk.GetByTestId("enterprise-row").First).ToContainTextAsync(name);
    }

    /// <summary>A name of nine random characters: unlike any other test's, so no duplicate warning comes unasked.</summary>
    private static string UniqueName() =>
        "沈阳" + new string(Random.Shared.GetItems("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土山川河海天地日月星云松柏梅兰竹菊".AsSpan(), 9));

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
