using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// An advisor's recommendation becomes a referral through the one-stop centre, across the services as ./sme up runs them
/// and through the gateway with the demo identities: Diagnosis asks OneStop over gRPC with its own service identity, the
/// enterprise's ward counter sees the referral with who asked and from where, Matching receives it as a counter referral,
/// the intermediary's replies close the counter's loop, and the diagnosis shows the outcome.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RecommendationReferralTests(PlatformFixture platform)
{
    private static object Statement(int year, decimal sales, decimal operatingProfit) => new
    {
        fiscalYear = year, sales, costOfSales = sales * 0.7m, operatingProfit, netProfit = operatingProfit * 0.75m, depreciation = 200_000m,
        receivables = 900_000m, inventory = 500_000m, payables = 1_100_000m, cash = 900_000m, borrowings = 2_000_000m, currentAssets = 3_000_000m,
        currentLiabilities = 1_500_000m, totalAssets = 7_500_000m, netAssets = 4_500_000m, employees = 10,
        opening = new { receivables = 900_000m, inventory = 500_000m, payables = 1_000_000m },
    };

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task An_advisors_recommendation_reaches_matching_through_the_counters_loop_and_its_outcome_comes_back_to_the_diagnosis()
    {
        var uscc = TestUscc.New("210102");
        var enterprise = await platform.As("admin").RegisterEnterpriseAsync(new TestEnterprise
        {
            Uscc = uscc, Name = "沈阳和平转介机械" + uscc[^6..] + "有限公司", Ward = "heping", Employees = 10, AnnualRevenue = 10_000_000m, TotalAssets = 7_500_000m,
        });
        var advisor = platform.As("advisor.chen");
        // Sales fell by a sixth: sales growth is weak, and its programmes go to partnership matching.
        var diagnosis = await BodyAsync(await advisor.PostAsJsonAsync("/api/diagnosis/diagnoses", new
        {
            enterpriseId = enterprise.Id, ward = "heping", industryCode = "C3511", kind = "Full",
            statements = new[] { Statement(2024, 12_000_000m, 900_000m), Statement(2025, 10_000_000m, 800_000m) },
            assessment = new
            {
                items = new Dictionary<string, int>
                {
                    ["business_management"] = 3, ["technical_capability"] = 3, ["business_planning_capacity"] = 3,
                    ["production_and_sales_capacity"] = 3, ["human_resources"] = 3, ["financial_affairs"] = 3,
                },
            },
        }), HttpStatusCode.Created);
        var id = diagnosis.GetProperty("id").GetGuid();
        var programme = diagnosis.GetProperty("recommendations").EnumerateArray()
            .First(r => r.GetProperty("target").GetString() == "partnership-matching").GetProperty("programme").GetString();
        var path = $"/api/diagnosis/diagnoses/{id}/recommendations/{programme}/referral";

        // The counter's own rules answer at once, every field error together, and nothing is sent.
        var invalid = await BodyAsync(await advisor.PostAsJsonAsync(path, new
        {
            note = new string('x', 1001), loanRequest = new { bankId = "ccb-shenyang", loanAmount = 1m, termMonths = 12, purpose = "equipment" },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["loanRequest", "note"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var sent = await BodyAsync(await advisor.PostAsJsonAsync(path, new { note = "Looking for OEM customers in Japan." }), HttpStatusCode.Created);
        Assert.Equal(("sent", "partnership-matching"), (sent.GetProperty("state").GetString(), sent.GetProperty("target").GetString()));
        var referralId = sent.GetProperty("id").GetGuid();
        var caseId = sent.GetProperty("caseId").GetGuid();
        var again = await BodyAsync(await advisor.PostAsJsonAsync(path, new { note = "Again." }), HttpStatusCode.Conflict);
        Assert.Equal("recommendation-referral-open", again.GetProperty("code").GetString());

        // Heping's counter sees the referral, who asked and from which service; Dadong's does not know it exists.
        var referrals = await BodyAsync(await platform.As("counter.heping").GetAsync($"/api/onestop/cases/{caseId}/referrals"), HttpStatusCode.OK);
        var atCounter = Assert.Single(referrals.GetProperty("items").EnumerateArray());
        Assert.Equal((referralId, "advisor.chen", "diagnosis"), (atCounter.GetProperty("id").GetGuid(), atCounter.GetProperty("sentBy").GetString(),
            atCounter.GetProperty("origin").GetProperty("service").GetString()));
        Assert.DoesNotContain("sales_growth", referrals.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.As("counter.dadong").GetAsync($"/api/onestop/cases/{caseId}/referrals")).StatusCode);

        // Matching receives it as any counter referral; the intermediary takes it through to an outcome.
        var intermediary = platform.As("intermediary.zhao");
        await Poll.UntilAsync(async () => (await intermediary.GetStringAsync("/api/matching/referrals")).Contains(referralId.ToString(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the referral in the intermediaries' queue");
        await BodyAsync(await intermediary.PostAsync($"/api/matching/referrals/{referralId}/acceptance", null), HttpStatusCode.OK);
        await BodyAsync(await intermediary.PostAsync($"/api/matching/referrals/{referralId}/start", null), HttpStatusCode.OK);
        await BodyAsync(await intermediary.PostAsJsonAsync($"/api/matching/referrals/{referralId}/outcome",
            new { result = "achieved", summary = "Introduced to two OEM buyers; one signed." }), HttpStatusCode.OK);

        JsonElement referral = default;
        await Poll.UntilAsync(async () =>
        {
            var read = await BodyAsync(await advisor.GetAsync($"/api/diagnosis/diagnoses/{id}"), HttpStatusCode.OK);
            referral = read.GetProperty("recommendations").EnumerateArray().First(r => r.GetProperty("programme").GetString() == programme).GetProperty("referral");
            return referral.GetProperty("state").GetString() == "achieved";
        }, TimeSpan.FromSeconds(60), "the outcome on the diagnosis");
        Assert.Equal("Introduced to two OEM buyers; one signed.", referral.GetProperty("summary").GetString());

        // The counter's loop closed too.
        await Poll.UntilAsync(async () => (await BodyAsync(await platform.As("counter.heping").GetAsync($"/api/onestop/cases/{caseId}"), HttpStatusCode.OK))
            .GetProperty("state").GetString() == "in_progress", TimeSpan.FromSeconds(60), "the counter's case back in progress");
    }
}
