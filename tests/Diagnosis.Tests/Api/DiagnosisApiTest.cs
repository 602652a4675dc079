using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SmePlatform.Diagnosis.Tests.Api;

/// <summary>A fresh Diagnosis service per test class instance, and the requests the tests send.</summary>
public abstract class DiagnosisApiTest(InfrastructureFixture infra) : IAsyncLifetime
{
    public const string Api = "/api/diagnosis";

    protected DiagnosisFactory Factory { get; private set; } = null!;

    protected HttpClient Advisor { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Factory = new DiagnosisFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq, await SettingsAsync(infra));
        Advisor = Factory.As("advisor", subject: "advisor.wang");
    }

    /// <summary>Configuration over the service's, for a test that starts what the service calls (the cluster registry).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>?> SettingsAsync(InfrastructureFixture infrastructure) =>
        Task.FromResult<IReadOnlyDictionary<string, string>?>(null);

    public virtual async Task DisposeAsync()
    {
        Advisor.Dispose();
        await Factory.DisposeAsync();
    }

    public static object Statement(int year, decimal sales, decimal operatingProfit, int employees = 55, decimal netAssets = 3_780_000m,
        decimal totalAssets = 8_500_000m, object? opening = null) => new
    {
        fiscalYear = year, sales, costOfSales = sales * 0.74m, operatingProfit, netProfit = operatingProfit * 0.75m, depreciation = 230_000m,
        receivables = 1_650_000m, inventory = 1_100_000m, payables = 950_000m, cash = 1_000_000m, borrowings = 3_000_000m,
        currentAssets = 3_900_000m, currentLiabilities = 2_500_000m, totalAssets, netAssets, employees, opening,
    };

    /// <summary>The worked example of docs/diagnosis-rules.md as JSON (FY2024 with opening balances, FY2025).</summary>
    public static object[] WorkedExampleJson() =>
    [
        new
        {
            fiscalYear = 2024, sales = 10_000_000m, costOfSales = 7_500_000m, operatingProfit = 600_000m, netProfit = 450_000m, depreciation = 200_000m,
            receivables = 1_500_000m, inventory = 1_000_000m, payables = 800_000m, cash = 900_000m, borrowings = 3_000_000m,
            currentAssets = 3_600_000m, currentLiabilities = 2_400_000m, totalAssets = 8_000_000m, netAssets = 3_200_000m, employees = 50,
            opening = new { receivables = 1_400_000m, inventory = 1_050_000m, payables = 700_000m },
        },
        new
        {
            fiscalYear = 2025, sales = 11_000_000m, costOfSales = 8_140_000m, operatingProfit = 770_000m, netProfit = 580_000m, depreciation = 230_000m,
            receivables = 1_650_000m, inventory = 1_100_000m, payables = 950_000m, cash = 1_000_000m, borrowings = 3_000_000m,
            currentAssets = 3_900_000m, currentLiabilities = 2_500_000m, totalAssets = 8_500_000m, netAssets = 3_780_000m, employees = 55,
            totalLiabilities = 4_720_000m,
        },
    ];

    public static object Assessment(params int[] scores) => new
    {
        items = new Dictionary<string, int>
        {
            ["business_management"] = scores[0], ["technical_capability"] = scores[1], ["business_planning_capacity"] = scores[2],
            ["production_and_sales_capacity"] = scores[3], ["human_resources"] = scores[4], ["financial_affairs"] = scores[5],
        },
        viewpoints = new[] { new { viewpoint = "management", score = 3, evidence = "Founder-run; no successor named." } },
    };

    /// <summary>A quick diagnosis of the enterprise (a new one by default) with one year whose operating profit is <paramref name="operatingProfit"/>; answers its id.</summary>
    protected async Task<Guid> QuickAsync(string ward, string industryCode, decimal operatingProfit, Guid? enterpriseId = null)
    {
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId = enterpriseId ?? Guid.CreateVersion7(), ward, industryCode, kind = "quick", statements = new[] { Statement(2025, 10_000_000m, operatingProfit) },
        });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(Api + path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    protected async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(Api + path);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A full diagnosis of a new enterprise of <paramref name="ward"/> on the worked example; answers its body.</summary>
    protected async Task<JsonElement> DiagnoseAsync(Guid enterpriseId, string ward = "tiexi")
    {
        var (response, body) = await PostAsync(Advisor, "/diagnoses", new
        {
            enterpriseId, ward, industryCode = "C3411", kind = "Full", statements = WorkedExampleJson(), assessment = Assessment(4, 3, 3, 4, 2, 3),
        });
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    protected async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<long>(sql, parameters);
    }
}
