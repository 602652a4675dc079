using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The advisor's work: statements imported from a workbook (every bad cell shown), a quick then a full diagnosis, the band and the comparison.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AdvisingTests(PortalPlatform platform)
{
    private static readonly string[] Columns =
    [
        "enterpriseId", "ward", "fiscalYear", "sales", "costOfSales", "operatingProfit", "netProfit", "depreciation", "receivables", "inventory",
        "payables", "cash", "borrowings", "currentAssets", "currentLiabilities", "totalAssets", "netAssets", "employees",
    ];

    /// <summary>docs/diagnosis-rules.md's worked example, in 万元: three years of a Tiexi manufacturer.</summary>
    internal static byte[] Workbook(Guid enterprise, params object[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("statements");
        for (var c = 0; c < Columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Columns[c];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            sheet.Cell(r + 2, 1).Value = enterprise.ToString();
            sheet.Cell(r + 2, 2).Value = "tiexi";
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 3).Value = rows[r][c] switch
                {
                    string text => text,
                    int number => number,
                    double number => number,
                    var other => other.ToString(),
                };
            }
        }

        using var file = new MemoryStream();
        workbook.SaveAs(file);
        return file.ToArray();
    }

    internal static readonly object[] Year2023 = [2023, 950, 703, 55, 41, 19, 140, 105, 70, 85, 300, 340, 230, 780, 300, 48];
    internal static readonly object[] Year2024 = [2024, 1000, 750, 60, 45, 20, 150, 100, 80, 90, 300, 360, 240, 800, 320, 50];
    internal static readonly object[] Year2025 = [2025, 1100, 814, 77, 58, 23, 165, 110, 95, 100, 300, 390, 250, 850, 378, 55];

    private static Task UploadAsync(IPage page, byte[] workbook) =>
        page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "statements.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook,
        });

    [Fact]
    public async Task An_advisor_imports_a_workbook_runs_a_quick_then_a_full_diagnosis_and_sees_the_band_and_the_comparison()
    {
        var registered = await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise { Ward = "tiexi", IndustryCode = "C3411", Employees = 55 });
        var page = await platform.NewPageAsync();
        await page.SignInAsync("advisor.chen");
        await page.GetByRole(AriaRole.Link, new() { Name = "企业诊断" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("企业诊断");
        await page.ScreenshotAsync(platform, "home-advisor-diagnosis-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // A workbook with bad cells: every one is listed by row and column, and nothing is stored.
        await page.GetByRole(AriaRole.Link, new() { Name = "导入财务报表" }).ClickAsync();
        await page.Locator("form[data-ready=true] #file").WaitForAsync();
        object[] bad = [2025, "一千一百", 814, 77, 58, 23, 165, 110, 95, 100, 300, 390, 250, -5, 378, 55];
        await UploadAsync(page, Workbook(registered.Id, Year2023, Year2024, bad));
        await page.Locator("#unit").SelectOptionAsync("wan");
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        var cells = page.GetByTestId("bad-cell");
        await Assertions.Expect(page.GetByTestId("bad-cells")).ToBeVisibleAsync();
        await Assertions.Expect(cells.Filter(new() { HasText = "sales" }).First).ToContainTextAsync("4");
        await Assertions.Expect(cells.Filter(new() { HasText = "totalAssets" }).First).ToContainTextAsync("4");
        await page.ScreenshotAsync(platform, "diagnosis-import-errors-zh");
        await AxeCore.AssertAccessibleAsync(page);
        using (var stored = await platform.As("advisor.chen").GetAsync($"/api/diagnosis/enterprises/{registered.Id}/statements"))
        {
            var body = await stored.Content.ReadAsStringAsync();
            Assert.DoesNotContain("2023", body, StringComparison.Ordinal);
        }

        // The corrected workbook: three statements of one enterprise.
        await UploadAsync(page, Workbook(registered.Id, Year2023, Year2024, Year2025));
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("imported")).ToHaveTextAsync("已导入 1 家企业的 3 份财务报表。");
        await Assertions.Expect(page.GetByTestId("bad-cells")).ToHaveCountAsync(0);

        // Find the enterprise and run a quick diagnosis: its rank (band) is the one the service computed.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回企业诊断" }).ClickAsync();
        await page.Locator("#find").FillAsync(registered.Uscc);
        await page.Locator("#find").PressAsync("Enter");
        await page.GetByTestId("found").GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "进行快速诊断" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/diagnosis/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("rank")).ToHaveTextAsync(new Regex("^[A-D]$"));
        var quick = await LatestAsync(registered.Id);
        await Assertions.Expect(page.GetByTestId("rank")).ToHaveTextAsync(quick.GetProperty("rank").GetString()!);
        await Assertions.Expect(page.GetByTestId("indicators").Locator("tbody tr[data-code=operating_margin]")).ToContainTextAsync("operating profit");
        await Assertions.Expect(page.GetByTestId("radar").Locator("svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "diagnosis-quick-zh");
        await AxeCore.AssertAccessibleAsync(page);

        // The advisor records the assessment in a full diagnosis, compared with the quick one.
        await page.GetByRole(AriaRole.Link, new() { Name = "该企业的诊断记录" }).ClickAsync();
        foreach (var item in new[] { "business_management", "technical_capability", "business_planning_capacity" })
        {
            await page.Locator($"#item-{item}").SelectOptionAsync("4");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "记录评估并进行全面诊断" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("第 2 次诊断");
        await Assertions.Expect(page.GetByTestId("assessment-band")).ToContainTextAsync("A (3.5)");
        await Assertions.Expect(page.GetByTestId("changes")).ToContainTextAsync("与第 1 次诊断对比");
        await page.ScreenshotAsync(platform, "diagnosis-full-zh");
        await AxeCore.AssertAccessibleAsync(page);

        await page.SwitchToEnglishAsync();
        await Assertions.Expect(page.GetByTestId("changes")).ToContainTextAsync("Compared with diagnosis 1");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scores of the six indicators" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(platform, "diagnosis-full-en");
        await AxeCore.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task An_examiner_is_not_offered_the_diagnosis_pages_and_is_refused_at_their_address()
    {
        var page = await platform.NewPageAsync();
        await page.SignInAsync("examiner.li");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "企业诊断" })).ToHaveCountAsync(0);
        await page.GotoAsync("diagnosis/import");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("您无权查看此页面。");
        await Assertions.Expect(page.Locator("#file")).ToHaveCountAsync(0);
    }

    private async Task<JsonElement> LatestAsync(Guid enterprise)
    {
        var list = await platform.As("advisor.chen").GetFromJsonAsync<JsonElement>($"/api/diagnosis/enterprises/{enterprise}/diagnoses");
        return list.GetProperty("diagnoses")[0];
    }
}
