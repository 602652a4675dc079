using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>The diagnosis radar chart: every score 1-5 lies on its own ring, ring 5 at the chart's full radius.</summary>
[Collection(PortalCollection.Name)]
public sealed class RadarTests(PortalPlatform platform)
{
    [Fact]
    public async Task Each_indicator_score_is_drawn_on_the_ring_of_that_score()
    {
        var registered = await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise { Ward = "tiexi", IndustryCode = "C3411", Employees = 55 });
        var advisor = platform.As("advisor.chen");
        using (var file = new ByteArrayContent(AdvisingTests.Workbook(registered.Id, AdvisingTests.Year2023, AdvisingTests.Year2024, AdvisingTests.Year2025)))
        {
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            using var imported = await advisor.PostAsync("/api/diagnosis/statement-imports?unit=wan", file);
            Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        }

        JsonElement diagnosis = default;
        for (var run = 0; run < 2; run++)
        {
            using var ran = await advisor.PostAsJsonAsync("/api/diagnosis/diagnoses",
                new { enterpriseId = registered.Id, ward = "tiexi", industryCode = "C3411", kind = "quick" });
            Assert.True(ran.IsSuccessStatusCode, await ran.Content.ReadAsStringAsync());
            diagnosis = await ran.Content.ReadFromJsonAsync<JsonElement>();
        }

        var scores = diagnosis.GetProperty("indicators").EnumerateArray()
            .Where(i => i.GetProperty("score").ValueKind == JsonValueKind.Number)
            .ToDictionary(i => i.GetProperty("code").GetString()!, i => i.GetProperty("score").GetInt32());
        Assert.NotEmpty(scores);

        var page = await platform.NewPageAsync();
        await page.SignInAsync("advisor.chen");
        await page.GotoAsync($"diagnosis/{diagnosis.GetProperty("id").GetGuid()}");
        await page.WaitForInteractiveAsync();
        var radar = page.GetByTestId("radar");
        await radar.Locator("svg").First.WaitForAsync();
        await radar.ScreenshotAsync(new() { Path = Path.Combine(platform.Screenshots, "diagnosis-radar-zh.png") });

        // Measured in the page as drawn: each marker's distance from the centre, as a share of the outer ring's radius.
        var drawn = await page.EvaluateAsync<JsonElement>("""
            () => {
                const svg = document.querySelector('[data-testid=radar] svg');
                const cx = +svg.dataset.centreX, cy = +svg.dataset.centreY;
                const outer = +svg.querySelector('polygon[data-ring="5"]').dataset.radius;
                const box = svg.viewBox.baseVal;
                return {
                    outerShare: outer / (Math.min(box.width, box.height) / 2),
                    markers: [...svg.querySelectorAll('circle.marker')].map(m => ({
                        code: m.dataset.code, share: Math.hypot(+m.getAttribute('cx') - cx, +m.getAttribute('cy') - cy) / outer })),
                };
            }
            """);
        Assert.True(drawn.GetProperty("outerShare").GetDouble() > 0.6, "the outer ring fills most of the chart");
        var markers = drawn.GetProperty("markers").EnumerateArray().ToList();
        Assert.Equal(6, markers.Count);
        foreach (var marker in markers)
        {
            var expected = scores.GetValueOrDefault(marker.GetProperty("code").GetString()!) / 5.0;
            Assert.Equal(expected, marker.GetProperty("share").GetDouble(), 2);
        }

        await Assertions.Expect(page.GetByTestId("radar").Locator("svg title")).ToContainTextAsync("营业利润率");
        await AxeCore.AssertAccessibleAsync(page);
    }
}
