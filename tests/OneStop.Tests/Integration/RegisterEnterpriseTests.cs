using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

[Collection(InfrastructureCollection.Name)]
public sealed class RegisterEnterpriseTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private OneStopFactory factory = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        factory = new OneStopFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        client = factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", ward: "heping"));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    private static object ValidBody(string uscc) => new
    {
        uscc,
        name = $"沈阳精工机械{Guid.NewGuid():N}有限公司",
        ward = "heping",
        industryCode = "C3511",
        employees = 120,
        annualRevenue = 45_000_000m,
        totalAssets = 30_000_000m,
    };

    [Fact]
    public async Task Registers_stores_audits_and_publishes_through_the_outbox()
    {
        var uscc = TestCodes.NewUscc();
        using var response = await client.PostAsJsonAsync("/api/onestop/enterprises", ValidBody(uscc));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var fetched = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(uscc, fetched.GetProperty("uscc").GetString());
        Assert.Equal(45_000_000m, fetched.GetProperty("annualRevenue").GetDecimal());

        await using var db = new NpgsqlConnection(factory.ConnectionString);
        var outbox = await db.QuerySingleAsync<(string Type, string Payload)>(
            "SELECT message_type, payload::text FROM outbox_messages WHERE payload->>'enterpriseId' = @id", new { id = id.ToString() });
        Assert.Equal("SmePlatform.Contracts.OneStop.EnterpriseRegistered", outbox.Type);
        Assert.Contains(uscc, outbox.Payload, StringComparison.Ordinal);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'enterprise.registered'", new { id = id.ToString() }));

        // The relay publishes to the real broker and marks the row only after the broker confirmed it.
        await Poll.UntilAsync(
            async () => await db.ExecuteScalarAsync<bool>(
                "SELECT published_at IS NOT NULL FROM outbox_messages WHERE payload->>'enterpriseId' = @id", new { id = id.ToString() }),
            TimeSpan.FromSeconds(30), "the outbox row to be published");
    }

    [Fact]
    public async Task A_second_registration_of_the_same_code_is_a_conflict_naming_the_first()
    {
        var uscc = TestCodes.NewUscc();
        using var first = await client.PostAsJsonAsync("/api/onestop/enterprises", ValidBody(uscc));
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var second = await client.PostAsJsonAsync("/api/onestop/enterprises", ValidBody(uscc.ToLowerInvariant()));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstId, problem.GetProperty("existingEnterpriseId").GetGuid());

        await using var db = new NpgsqlConnection(factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE payload->>'uscc' = @uscc", new { uscc }));
    }

    /// <summary>Another ward's clerk learns that the code is taken, never which enterprise holds it or anything of it.</summary>
    [Fact]
    public async Task A_code_registered_in_another_ward_is_a_conflict_that_names_nothing_of_the_holder()
    {
        var uscc = TestCodes.NewUscc();
        var body = ValidBody(uscc);
        using var first = await client.PostAsJsonAsync("/api/onestop/enterprises", body);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        var firstId = created.GetProperty("id").GetGuid();

        using var dadong = factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", ward: "dadong"));
        dadong.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var second = await dadong.PostAsJsonAsync("/api/onestop/enterprises", new
        {
            uscc, name = "沈阳大东另一家有限公司", ward = "dadong", industryCode = "C3511", employees = 10, annualRevenue = 1_000_000m, totalAssets = 500_000m,
        });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var text = await second.Content.ReadAsStringAsync();
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal("enterprise-already-registered", problem.GetProperty("code").GetString());
        Assert.False(problem.TryGetProperty("existingEnterpriseId", out _), text);
        Assert.DoesNotContain(firstId.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(created.GetProperty("name").GetString()!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("heping", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("another ward", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // City-wide staff may read the holder: they are told which it is.
        using var admin = factory.CreateClient().WithToken(TestTokens.Issue("admin"));
        using var third = await admin.PostAsJsonAsync("/api/onestop/enterprises", body);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(firstId, (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("existingEnterpriseId").GetGuid());
    }

    public static TheoryData<string, string, int, string> BadBodies => new()
    {
        { "malformed JSON", "{\"uscc\": ", 400, "uscc" },
        { "not JSON at all", "registration please", 400, "body" },
        { "wrong type", "{\"employees\": \"many\"}", 400, "employees" },
        { "bad check character", Json(b => b["uscc"] = "91350100M000100Y44"), 400, "uscc" },
        { "negative employees", Json(b => b["employees"] = -3), 400, "employees" },
        { "negative revenue", Json(b => b["annualRevenue"] = -1m), 400, "annualRevenue" },
        { "unknown ward", Json(b => b["ward"] = "pudong"), 400, "ward" },
        { "a field the request does not have", Json(b => b["role"] = "second"), 400, "role" },
        { "a misspelt field", Json(b => b["industry_code"] = "C3511"), 400, "industry_code" },
        { "oversized body", Json(b => b["name"] = new string('企', 40_000)), 413, "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_gets_a_problem_with_field_errors_and_stores_nothing(string why, string body, int status, string field)
    {
        await using var db = new NpgsqlConnection(factory.ConnectionString);
        var before = await CountRows(db);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/onestop/enterprises", content);

        Assert.True(status == (int)response.StatusCode, $"{why}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for '{field}' in {problem}");
        Assert.Equal(before, await CountRows(db));
    }

    [Fact]
    public async Task An_unknown_field_is_named_in_the_callers_language_without_internal_type_names()
    {
        using var content = new StringContent(Json(b => b["role"] = "second"), Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/onestop/enterprises") { Content = content };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SmePlatform", text, StringComparison.Ordinal);
        var message = Assert.Single(JsonSerializer.Deserialize<JsonElement>(text).GetProperty("errors").GetProperty("role").EnumerateArray()).GetString();
        Assert.Equal("此请求没有该字段；请对照 API 文档检查拼写。", message);
    }

    [Fact]
    public async Task An_unknown_id_is_not_found() =>
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/onestop/enterprises/{Guid.CreateVersion7()}")).StatusCode);

    private static Task<(long, long, long)> CountRows(NpgsqlConnection db) => db.QuerySingleAsync<(long, long, long)>(
        "SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM outbox_messages), (SELECT count(*) FROM audit_log)");

    private static string Json(Action<Dictionary<string, object>> change)
    {
        var body = new Dictionary<string, object>
        {
            ["uscc"] = TestCodes.NewUscc(), ["name"] = $"沈阳精工机械{Guid.NewGuid():N}有限公司", ["ward"] = "heping", ["industryCode"] = "C3511",
            ["employees"] = 120, ["annualRevenue"] = 45_000_000m, ["totalAssets"] = 30_000_000m,
        };
        change(body);
        return JsonSerializer.Serialize(body);
    }
}
