using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Tests;

/// <summary>Request bodies and calls shared by the integration tests.</summary>
public static class Bodies
{
    public const string Applications = "/api/bank/v1/applications";

    private static object Statement(FinancialStatement s) => new
    {
        fiscalYear = s.FiscalYear, sales = s.Sales, operatingProfit = s.OperatingProfit, netProfit = s.NetProfit, depreciation = s.Depreciation,
        receivables = s.Receivables, inventory = s.Inventory, payables = s.Payables, cash = s.Cash, borrowings = s.Borrowings,
        totalAssets = s.TotalAssets, netAssets = s.NetAssets,
    };

    /// <summary>Worked example 2 of docs/guarantee-rules.md: CNY 1,200,000, 24 months, 24 equal instalments, 90% requested, grade 2.</summary>
    public static Dictionary<string, object?> Application(string uscc, string? key = null, decimal loanAmount = 1_200_000m) => new()
    {
        ["applicationKey"] = key ?? "LN-" + Guid.NewGuid().ToString("N")[..12],
        ["uscc"] = uscc,
        ["loanAmount"] = loanAmount,
        ["termMonths"] = 24,
        ["purpose"] = "working_capital",
        ["programme"] = "standard",
        ["instalments"] = new { type = "equal_instalments", instalments = 24 },
        ["requestedCoverage"] = 0.90m,
        ["collateral"] = new[] { new { type = "intellectual_property", description = "Invention patent ZL 2021 1 0000000.0", value = 800_000m } },
        ["financialStatements"] = new[] { Statement(TestData.Year2023), Statement(TestData.Year2024), Statement(TestData.Year2025) },
        ["consent"] = new { useDiagnosis = false, useCounsellingHistory = false },
    };

    public static HttpRequestMessage Submit(object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Applications) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SubmitAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = Submit(body, idempotencyKey ?? Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A partner-bank write: with a new Idempotency-Key unless one is given (every bank write requires one).</summary>
    public static Task<(HttpResponseMessage Response, JsonElement Body)> BankPostAsync(this HttpClient client, string path, object body) =>
        client.PostWithKeyAsync(path, body, Guid.NewGuid().ToString());

    /// <summary>A POST with this Idempotency-Key, or without the header when it is null.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostWithKeyAsync(this HttpClient client, string path, object body,
        string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<int> CountAsync(string connectionString, string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.ExecuteScalarAsync<int>(sql, parameters);
    }

    public static string[] Errors(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
}
