using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Platform.Tests;
using SmePlatform.Testing;

namespace SmePlatform.Portal.BrowserTests;

/// <summary>What a partner bank does before an examiner opens the portal: submits an application through the bank API.</summary>
public static class BankApplications
{
    private static object Statement(int year, decimal sales, decimal operatingProfit, decimal netProfit, decimal depreciation, decimal receivables,
        decimal inventory, decimal payables, decimal cash, decimal borrowings, decimal totalAssets, decimal netAssets) => new
    {
        fiscalYear = year, sales, operatingProfit, netProfit, depreciation, receivables, inventory, payables, cash, borrowings, totalAssets, netAssets,
    };

    /// <summary>
    /// Registers a medium-sized Tiexi manufacturer and has <paramref name="bank"/> apply for <paramref name="loanAmount"/>
    /// (the three years of statements of docs/guarantee-rules.md's worked example 2). Returns the application's key and id.
    /// </summary>
    public static async Task<(string Key, Guid Id, string EnterpriseName)> SubmitAsync(this PlatformFixture platform, string bank, decimal loanAmount)
    {
        var uscc = TestUscc.New("210106");
        var name = "沈阳铁西审查测试机械有限公司" + uscc[^6..];
        await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise
        {
            Uscc = uscc, Name = name, Ward = "tiexi", Employees = 120, AnnualRevenue = 45_000_000m, TotalAssets = 30_000_000m,
        });
        var key = "PORTAL-" + Guid.NewGuid().ToString("N")[..10];
        var body = new
        {
            applicationKey = key,
            uscc,
            loanAmount,
            termMonths = 24,
            purpose = "equipment",
            programme = "standard",
            instalments = new { type = "equal_instalments", instalments = 24 },
            requestedCoverage = 0.90m,
            collateral = new[] { new { type = "intellectual_property", description = "Invention patent", value = 800_000m } },
            financialStatements = new[]
            {
                Statement(2023, 10_000_000m, 600_000m, 400_000m, 200_000m, 1_500_000m, 1_000_000m, 800_000m, 500_000m, 2_000_000m, 8_000_000m, 2_400_000m),
                Statement(2024, 11_000_000m, 700_000m, 480_000m, 220_000m, 1_600_000m, 1_100_000m, 850_000m, 600_000m, 2_000_000m, 8_500_000m, 2_880_000m),
                Statement(2025, 12_000_000m, 800_000m, 560_000m, 240_000m, 1_700_000m, 1_150_000m, 900_000m, 900_000m, 2_100_000m, 9_000_000m, 3_440_000m),
            },
            consent = new { useDiagnosis = false, useCounsellingHistory = false },
        };
        var idempotencyKey = Guid.NewGuid().ToString();
        // A 503 (the register briefly away) leaves the key unused: the bank retries with the same one.
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/bank/v1/applications") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await platform.As(bank).SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.Created, answer.GetRawText());
            return (key, answer.GetProperty("id").GetGuid(), name);
        }
    }
}
