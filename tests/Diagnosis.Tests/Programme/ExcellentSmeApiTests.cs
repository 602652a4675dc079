using System.Net;
using System.Text.Json;
using SmePlatform.Diagnosis.Tests.Api;

namespace SmePlatform.Diagnosis.Tests.Programme;

/// <summary>The excellent-SME programme through the API on real PostgreSQL: ranked candidates, the intake recorded, who may do what.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ExcellentSmeApiTests(InfrastructureFixture infra) : DiagnosisApiTest(infra)
{
    private static object Year(int year, decimal operatingProfit, bool withLiabilities) => new
    {
        fiscalYear = year, sales = 10_000_000m, costOfSales = 7_400_000m, operatingProfit, netProfit = operatingProfit * 0.75m, depreciation = 230_000m,
        receivables = 1_650_000m, inventory = 1_100_000m, payables = 950_000m, cash = 1_000_000m, borrowings = 3_000_000m, currentAssets = 3_900_000m,
        currentLiabilities = 2_500_000m, totalAssets = 8_500_000m, netAssets = 3_780_000m, employees = 55,
        totalLiabilities = withLiabilities ? 4_720_000m : (decimal?)null,
    };

    private async Task<Guid> DiagnoseThreeYearsAsync(bool withLiabilities = true, decimal profit2023 = 770_000m)
    {
        var enterprise = Guid.CreateVersion7();
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = enterprise, ward = "dadong", industryCode = "C3411", kind = "Quick",
            statements = new[] { Year(2023, profit2023, withLiabilities), Year(2024, 770_000m, withLiabilities), Year(2025, 770_000m, withLiabilities) },
        });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return enterprise;
    }

    private static JsonElement Candidate(JsonElement list, Guid enterprise) =>
        list.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("enterpriseId").GetGuid() == enterprise);

    [Fact]
    public async Task The_sme_office_sees_ranked_candidates_with_their_criteria_and_records_only_eligible_ones_once()
    {
        var eligible = await DiagnoseThreeYearsAsync();
        var opaque = await DiagnoseThreeYearsAsync(withLiabilities: false);
        var lossMaking = await DiagnoseThreeYearsAsync(profit2023: -100_000m);
        using var office = Factory.As("sme_office", subject: "office.liu");

        var (response, list) = await GetAsync(office, "/excellent-sme/candidates?year=2026");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(60, list.GetProperty("placesLeftThisYear").GetInt32());
        Assert.Equal(300, list.GetProperty("placesLeftInProgramme").GetInt32());
        Assert.Equal(1, list.GetProperty("eligible").GetInt32());
        Assert.Equal(eligible, list.GetProperty("candidates")[0].GetProperty("enterpriseId").GetGuid());
        Assert.False(Candidate(list, opaque).GetProperty("criteria").GetProperty("accountingTransparency").GetBoolean());
        Assert.True(Candidate(list, opaque).GetProperty("criteria").GetProperty("profitability").GetBoolean());
        Assert.False(Candidate(list, lossMaking).GetProperty("criteria").GetProperty("profitability").GetBoolean());
        Assert.Equal(2, Candidate(list, lossMaking).GetProperty("criteria").GetProperty("profitablePeriods").GetInt32());

        var (refused, problem) = await PostAsync(office, "/excellent-sme/intakes", new { year = 2026, enterpriseIds = new[] { eligible, opaque, Guid.CreateVersion7() } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["enterpriseIds[1]", "enterpriseIds[2]"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM excellent_sme_intakes"));

        var (recorded, intake) = await PostAsync(office, "/excellent-sme/intakes", new { year = 2026, enterpriseIds = new[] { eligible } });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(59, intake.GetProperty("placesLeftThisYear").GetInt32());
        Assert.Equal(299, intake.GetProperty("placesLeftInProgramme").GetInt32());
        var (_, again) = await PostAsync(office, "/excellent-sme/intakes", new { year = 2026, enterpriseIds = new[] { eligible } });
        Assert.Equal("Already in the programme since the intake of 2026.", again.GetProperty("errors").GetProperty("enterpriseIds[0]")[0].GetString());

        var (_, after) = await GetAsync(office, "/excellent-sme/candidates?year=2026");
        Assert.DoesNotContain(after.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("enterpriseId").GetGuid() == eligible);
        var (_, read) = await GetAsync(Advisor, "/excellent-sme/intakes/2026");
        Assert.Equal(eligible, read.GetProperty("members")[0].GetProperty("enterpriseId").GetGuid());
        Assert.Equal("office.liu", read.GetProperty("members")[0].GetProperty("selectedBy").GetString());
    }

    [Fact]
    public async Task Bad_intakes_answer_every_error_at_once_and_only_the_sme_office_records()
    {
        using var office = Factory.As("sme_office");
        var (response, problem) = await PostAsync(office, "/excellent-sme/intakes", new
        {
            year = 2031, enterpriseIds = Enumerable.Range(0, 61).Select(_ => Guid.CreateVersion7()).ToArray(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors");
        Assert.Equal("An intake year from 2025 to 2027.", errors.GetProperty("year")[0].GetString());
        Assert.Equal("At most 60 enterprises a year.", errors.GetProperty("enterpriseIds")[0].GetString());

        foreach (var (role, ward) in new[] { ("advisor", (string?)null), ("counter_staff", "dadong"), ("bank", null), ("examiner", null) })
        {
            using var other = Factory.As(role, ward: ward);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(other, "/excellent-sme/intakes", new { year = 2026, enterpriseIds = new[] { Guid.CreateVersion7() } }))
                .Response.StatusCode);
            if (role != "advisor")
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, "/excellent-sme/candidates")).Response.StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(other, "/excellent-sme/intakes/2026")).Response.StatusCode);
            }
        }
    }
}
