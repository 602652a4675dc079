using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The diagnosis carried into the guarantee decision, through the gateway with the demo identities: an advisor diagnoses
/// an enterprise registered in OneStop; a bank applies for it with the enterprise's consent, and the examiner's file
/// shows the diagnosis (rank, bands, indicators, date, advisor) and the grade it moves, which the approval then uses;
/// without consent nothing is read and the grade rests on the statements. CreditGuarantee reads Diagnosis over gRPC
/// with its own service identity, as ./sme up runs it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DiagnosisInGuaranteeTests(PlatformFixture platform)
{
    private const string Applications = "/api/bank/v1/applications";
    private const string Examination = "/api/guarantee/applications";

    private static object Statement(int year, decimal sales, decimal operatingProfit, decimal netProfit, decimal depreciation, decimal receivables,
        decimal inventory, decimal payables, decimal cash, decimal borrowings, decimal totalAssets, decimal netAssets) => new
    {
        fiscalYear = year, sales, operatingProfit, netProfit, depreciation, receivables, inventory, payables, cash, borrowings, totalAssets, netAssets,
    };

    /// <summary>Worked example 2 of docs/guarantee-rules.md (grade 2 on the statements), with or without consent to the diagnosis.</summary>
    private static object Application(string uscc, bool consent) => new
    {
        applicationKey = "CCB-" + Guid.NewGuid().ToString("N")[..10],
        uscc,
        loanAmount = 1_200_000m,
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
        consent = new { useDiagnosis = consent, useCounsellingHistory = false },
    };

    private async Task<RegisteredEnterprise> RegisterAsync()
    {
        var uscc = TestUscc.New("210106");
        return await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise
        {
            Uscc = uscc, Name = "沈阳铁西诊断机械" + uscc[^6..] + "有限公司", Ward = "tiexi", Employees = 120, AnnualRevenue = 45_000_000m, TotalAssets = 30_000_000m,
        });
    }

    /// <summary>An advisor's full diagnosis on strong figures and an assessment of 4 throughout: rank A, band A, pre-sort A.</summary>
    private async Task<JsonElement> DiagnoseAsync(Guid enterpriseId)
    {
        var response = await platform.As("advisor.chen").PostAsJsonAsync("/api/diagnosis/diagnoses", new
        {
            enterpriseId, ward = "tiexi", industryCode = "C3511", kind = "Full",
            statements = new object[]
            {
                new
                {
                    fiscalYear = 2024, sales = 10_000_000m, costOfSales = 7_000_000m, operatingProfit = 900_000m, netProfit = 700_000m,
                    depreciation = 200_000m, receivables = 900_000m, inventory = 500_000m, payables = 1_100_000m, cash = 900_000m,
                    borrowings = 2_000_000m, currentAssets = 3_000_000m, currentLiabilities = 1_500_000m, totalAssets = 7_500_000m,
                    netAssets = 4_500_000m, employees = 10,
                    opening = new { receivables = 900_000m, inventory = 500_000m, payables = 1_000_000m },
                },
                new
                {
                    fiscalYear = 2025, sales = 12_000_000m, costOfSales = 8_000_000m, operatingProfit = 1_200_000m, netProfit = 900_000m,
                    depreciation = 230_000m, receivables = 1_000_000m, inventory = 500_000m, payables = 1_200_000m, cash = 1_000_000m,
                    borrowings = 2_000_000m, currentAssets = 3_500_000m, currentLiabilities = 1_500_000m, totalAssets = 8_000_000m,
                    netAssets = 5_000_000m, employees = 10,
                },
            },
            assessment = new
            {
                items = new Dictionary<string, int>
                {
                    ["business_management"] = 4, ["technical_capability"] = 4, ["business_planning_capacity"] = 4,
                    ["production_and_sales_capacity"] = 4, ["human_resources"] = 4, ["financial_affairs"] = 4,
                },
                viewpoints = new[] { new { viewpoint = "management", score = 4, evidence = "Successor named; monthly management accounts." } },
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Submits as ccb-shenyang (retrying a 503 with the same Idempotency-Key, as a bank does) and has examiner Li take it.</summary>
    private async Task<Guid> SubmitAndAssignAsync(string uscc, bool consent)
    {
        var body = Application(uscc, consent);
        var idempotencyKey = Guid.NewGuid().ToString();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Applications) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await platform.As("ccb-shenyang").SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
            using var assigned = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/assignment", new { });
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
            return id;
        }
    }

    private async Task<JsonElement> DiagnosisSectionAsync(Guid id)
    {
        using var response = await platform.As("examiner.li").GetAsync($"{Examination}/{id}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("diagnosis").Clone();
    }

    [Fact]
    public async Task With_consent_the_examiners_file_shows_the_advisors_diagnosis_and_the_grade_it_moves_without_consent_nothing_is_read()
    {
        var registered = await RegisterAsync();
        var diagnosis = await DiagnoseAsync(registered.Id);
        Assert.Equal("A", diagnosis.GetProperty("preSort").GetString());

        var consenting = await SubmitAndAssignAsync(registered.Uscc, consent: true);
        var section = await DiagnosisSectionAsync(consenting);

        Assert.Equal("used", section.GetProperty("status").GetString());
        Assert.Equal("A", section.GetProperty("band").GetString());
        var latest = section.GetProperty("latest");
        Assert.Equal(diagnosis.GetProperty("id").GetGuid(), latest.GetProperty("diagnosisId").GetGuid());
        Assert.Equal(("A", "A", "advisor.chen"), (latest.GetProperty("rank").GetString(), latest.GetProperty("assessmentBand").GetString(),
            latest.GetProperty("advisor").GetString()));
        Assert.Contains(latest.GetProperty("indicators").EnumerateArray(), i => i.GetProperty("code").GetString() == "equity_ratio"
            && i.GetProperty("score").GetInt32() == 5);
        var grade = section.GetProperty("grade");
        Assert.Equal((2, 1), (grade.GetProperty("onStatements").GetInt32(), grade.GetProperty("withDiagnosis").GetInt32()));

        using var approved = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{consenting}/decision", new { outcome = "approve" });
        var decided = JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement;
        Assert.True(approved.StatusCode == HttpStatusCode.OK, decided.GetRawText());
        Assert.Equal(1, decided.GetProperty("application").GetProperty("decision").GetProperty("riskGrade").GetInt32());

        // Another enterprise, diagnosed the same, whose application carries no consent: nothing is read, the grade rests on
        // the statements. (Another application of the first enterprise would be refused as a possible split.)
        var other = await RegisterAsync();
        await DiagnoseAsync(other.Id);
        var withoutConsent = await SubmitAndAssignAsync(other.Uscc, consent: false);
        var unread = await DiagnosisSectionAsync(withoutConsent);
        Assert.Equal("not_consented", unread.GetProperty("status").GetString());
        Assert.False(unread.TryGetProperty("latest", out _));
        Assert.Equal((2, 2), (unread.GetProperty("grade").GetProperty("onStatements").GetInt32(), unread.GetProperty("grade").GetProperty("withDiagnosis").GetInt32()));

        // The reads are the fund's own, audited by Diagnosis for the application they served, and never the bank's.
        using var banks = await platform.As("ccb-shenyang").GetAsync($"{Applications}/{consenting}");
        Assert.DoesNotContain("advisor.chen", await banks.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
