extern alias diagnosis;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>
/// The real Diagnosis service in process (its own database, REST and its HTTP/2 gRPC port), for the diagnosis in the
/// guarantee decision; and a token endpoint giving CreditGuarantee the service token Diagnosis trusts
/// (<see cref="ServiceTokens"/>).
/// </summary>
public sealed class DiagnosisHost : ServiceUnderTest<diagnosis::Program>
{
    public DiagnosisHost(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq) => StartWithGrpcPort();

    /// <summary>A client of the REST port as an advisor, asking for English.</summary>
    public HttpClient Advisor(string subject = "advisor.wang")
    {
        var client = new HttpClient { BaseAddress = RestUrl }.WithToken(TestTokens.Issue("advisor", subject: subject));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    /// <summary>
    /// A full diagnosis the advisor makes of <paramref name="enterpriseId"/> on strong figures (every Local Benchmark
    /// indicator scores 4 or 5: rank A) and an assessment of 4 on every item (band A): pre-sort group A.
    /// </summary>
    public async Task<JsonElement> DiagnoseAsync(Guid enterpriseId, int assessment = 4)
    {
        using var advisor = Advisor();
        var response = await advisor.PostAsJsonAsync("/api/diagnosis/diagnoses", new
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
                    ["business_management"] = assessment, ["technical_capability"] = assessment, ["business_planning_capacity"] = assessment,
                    ["production_and_sales_capacity"] = assessment, ["human_resources"] = assessment, ["financial_affairs"] = assessment,
                },
                viewpoints = new[] { new { viewpoint = "management", score = 4, evidence = "Successor named; monthly management accounts." } },
            },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created || response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
