using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// The partner-bank API end to end through the gateway: a demo bank signs in with client credentials, submits for an
/// enterprise registered through OneStop (resolved by CreditGuarantee over gRPC with its own service identity), examiners
/// decide, the bank reads the decision and its reasons; another bank sees nothing of it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BankApiTests(PlatformFixture platform)
{
    private const string Applications = "/api/bank/v1/applications";
    private const string Examination = "/api/guarantee/applications";

    private const string EnterpriseName = "沈阳铁西精密机械有限公司";

    private Task<string> RegisterEnterpriseAsync() => platform.RegisterTiexiManufacturerAsync(EnterpriseName);

    private static object Statement(int year, decimal sales, decimal operatingProfit, decimal netProfit, decimal depreciation, decimal receivables,
        decimal inventory, decimal payables, decimal cash, decimal borrowings, decimal totalAssets, decimal netAssets) => new
    {
        fiscalYear = year, sales, operatingProfit, netProfit, depreciation, receivables, inventory, payables, cash, borrowings, totalAssets, netAssets,
    };

    /// <summary>Worked example 2 of docs/guarantee-rules.md: grade 2, coverage 85%, fee CNY 7,344.00.</summary>
    private static object Application(string uscc, string key, decimal loanAmount = 1_200_000m) => new
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

    /// <summary>
    /// Submits as a bank would: on 503 (the register briefly away, e.g. after another test restarted OneStop) it retries
    /// with the same Idempotency-Key, which the service leaves unused when it stores nothing.
    /// </summary>
    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SubmitAsync(string bank, object body, string idempotencyKey)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Applications) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            var response = await platform.As(bank).SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                response.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(), response);
        }
    }

    [Fact]
    public async Task A_bank_submits_examiners_decide_and_the_bank_reads_the_decision_with_its_reasons()
    {
        var uscc = await RegisterEnterpriseAsync();
        var key = "CCB-" + Guid.NewGuid().ToString("N")[..10];
        var idempotencyKey = Guid.NewGuid().ToString();

        var (status, submitted, response) = await SubmitAsync("ccb-shenyang", Application(uscc, key), idempotencyKey);
        Assert.True(status == HttpStatusCode.Created, submitted.GetRawText());
        var id = submitted.GetProperty("id").GetGuid();
        Assert.Equal("under_examination", submitted.GetProperty("status").GetString());
        Assert.Equal(uscc, submitted.GetProperty("enterprise").GetProperty("uscc").GetString());
        Assert.Equal(EnterpriseName + uscc[^6..], submitted.GetProperty("enterprise").GetProperty("name").GetString());
        response.Dispose();

        // The retry of a bank whose connection dropped: the first answer, not a second application.
        var (replayStatus, replayed, replay) = await SubmitAsync("ccb-shenyang", Application(uscc, key), idempotencyKey);
        Assert.Equal(HttpStatusCode.Created, replayStatus);
        Assert.Equal(id, replayed.GetProperty("id").GetGuid());
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        replay.Dispose();

        // Examiner li takes it and approves it (CNY 1,200,000 is at the four-eyes threshold, not above it).
        using (var assigned = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/assignment", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        using (var decided = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" }))
        {
            Assert.True(decided.StatusCode == HttpStatusCode.OK, await decided.Content.ReadAsStringAsync());
        }

        var application = await platform.As("ccb-shenyang").GetFromJsonAsync<JsonElement>($"{Applications}/{id}");
        Assert.Equal("approved", application.GetProperty("status").GetString());
        var decision = application.GetProperty("decision");
        Assert.Equal(1_020_000.00m, decision.GetProperty("guaranteedAmount").GetDecimal());
        Assert.Equal(7_344.00m, decision.GetProperty("fee").GetDecimal());
        var reasons = decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Coverage 85%", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("Fee CNY 7,344.00", StringComparison.Ordinal));

        // Another bank: 404 for the id, and nothing in its list.
        using (var other = await platform.As("huaxia-shenyang").GetAsync($"{Applications}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        var huaxiaList = await platform.As("huaxia-shenyang").GetFromJsonAsync<JsonElement>($"{Applications}?limit=200");
        Assert.DoesNotContain(huaxiaList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var ccbApproved = await platform.As("ccb-shenyang").GetFromJsonAsync<JsonElement>($"{Applications}?status=approved&limit=200");
        Assert.Contains(ccbApproved.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Above_the_threshold_two_different_examiners_decide()
    {
        var uscc = await RegisterEnterpriseAsync();
        var (status, submitted, response) = await SubmitAsync("sy-commercial-bank", Application(uscc, "SYCB-" + Guid.NewGuid().ToString("N")[..10], 2_000_000m),
            Guid.NewGuid().ToString());
        response.Dispose();
        Assert.True(status == HttpStatusCode.Created, submitted.GetRawText());
        var id = submitted.GetProperty("id").GetGuid();

        (await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/assignment", new { })).Dispose();
        (await platform.As("examiner.wang").PostAsJsonAsync($"{Examination}/{id}/assignment", new { @as = "second_examiner" })).Dispose();
        using (var proposed = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/decision", new { outcome = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        }

        using (var own = await platform.As("examiner.li").PostAsJsonAsync($"{Examination}/{id}/countersignature", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        }

        using (var countersigned = await platform.As("examiner.wang").PostAsJsonAsync($"{Examination}/{id}/countersignature", new { }))
        {
            Assert.True(countersigned.StatusCode == HttpStatusCode.OK, await countersigned.Content.ReadAsStringAsync());
        }

        var application = await platform.As("sy-commercial-bank").GetFromJsonAsync<JsonElement>($"{Applications}/{id}");
        Assert.Equal("approved", application.GetProperty("status").GetString());
        Assert.Equal(0.75m, application.GetProperty("decision").GetProperty("coverage").GetDecimal());
    }

    [Fact]
    public async Task An_enterprise_the_register_does_not_know_is_a_field_error_and_nothing_is_stored()
    {
        var key = "CCB-" + Guid.NewGuid().ToString("N")[..10];
        var (status, problem, response) = await SubmitAsync("ccb-shenyang", Application(Uscc.New("210106"), key), Guid.NewGuid().ToString());
        response.Dispose();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("uscc", out _));
        var list = await platform.As("ccb-shenyang").GetFromJsonAsync<JsonElement>($"{Applications}?limit=200");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("applicationKey").GetString() == key);
    }

    [Fact]
    public async Task The_openapi_document_is_served_through_the_gateway()
    {
        // A bank's developer reads the contract before having credentials: no token needed through the gateway.
        var document = await platform.Anonymous.GetFromJsonAsync<JsonElement>("/api/bank/v1/openapi.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/bank/v1/applications", out _));

        // The service itself serves it to anyone: it is the public contract, with no data in it.
        using var direct = new HttpClient { BaseAddress = platform.UrlOf("guarantee") };
        using var anonymous = await direct.GetAsync("/api/bank/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }
}
