using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Merging true duplicates, and the Idempotency-Key of registrations.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EnterpriseMergeTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Enterprises = "/api/onestop/enterprises";

    private static Dictionary<string, object?> Body(string ward, string name, string? phone = null) => new()
    {
        ["uscc"] = TestCodes.NewUscc(), ["name"] = name, ["ward"] = ward, ["industryCode"] = "C3511", ["employees"] = 12,
        ["annualRevenue"] = 1_000_000m, ["totalAssets"] = 900_000m, ["contactPhone"] = phone, ["confirmNotDuplicate"] = true,
    };

    private async Task<(Guid Id, string ETag)> Register(HttpClient client, Dictionary<string, object?> body)
    {
        using var response = await client.PostAsJsonAsync(Enterprises, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    private static async Task<HttpResponseMessage> Merge(HttpClient client, Guid survivor, string? ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Enterprises}/{survivor}/merge") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    private async Task<List<(string Type, JsonElement Payload)>> Events()
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var rows = await db.QueryAsync<(string, string)>("SELECT message_type, payload::text FROM outbox_messages ORDER BY position");
        return rows.Select(r => (r.Item1.Split('.')[^1], JsonSerializer.Deserialize<JsonElement>(r.Item2))).ToList();
    }

    private async Task<string> Snapshot()
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return string.Join('|', await db.QueryAsync<string>(
            "SELECT id || ':' || status || ':' || row_version || ':' || coalesce(merged_into::text, '') FROM enterprises ORDER BY id"))
            + "#" + await db.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages")
            + "#" + await db.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log");
    }

    [Fact]
    public async Task A_duplicate_merges_into_the_survivor_with_history_on_both_and_events()
    {
        var (survivor, etag) = await Register(Clerk, Body("heping", "沈阳合并留存有限公司"));
        var (duplicate, _) = await Register(Clerk, Body("heping", "沈阳合并留存公司"));

        using var response = await Merge(Clerk, survivor, etag, new { duplicateId = duplicate, reason = "Same enterprise registered twice (typo in the code)." });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        Assert.Equal("active", result.GetProperty("survivor").GetProperty("status").GetString());
        var merged = result.GetProperty("merged");
        Assert.Equal(("deactivated", "merger", survivor), (merged.GetProperty("status").GetString(), merged.GetProperty("deactivationReason").GetString(),
            merged.GetProperty("mergedInto").GetGuid()));

        // Reading the merged id: 200 with its own record, and a link to the survivor.
        using var read = await Clerk.GetAsync($"{Enterprises}/{duplicate}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal($"</api/onestop/enterprises/{survivor}>; rel=\"successor-version\"", read.Headers.GetValues("Link").Single());
        Assert.Equal(survivor, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mergedInto").GetGuid());

        var survivorHistory = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{survivor}/history");
        Assert.Equal("enterprise.merge-survivor", survivorHistory.EnumerateArray().Last().GetProperty("action").GetString());
        var duplicateHistory = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{duplicate}/history");
        Assert.Equal("enterprise.merged", duplicateHistory.EnumerateArray().Last().GetProperty("action").GetString());

        var events = (await Events()).Skip(2).ToList();
        Assert.Equal(["EnterprisesMerged", "EnterpriseDeactivated"], events.Select(e => e.Type));
        Assert.Equal((survivor, duplicate), (events[0].Payload.GetProperty("survivorId").GetGuid(), events[0].Payload.GetProperty("mergedId").GetGuid()));
        Assert.Equal(survivor, events[1].Payload.GetProperty("mergedInto").GetGuid());
    }

    [Fact]
    public async Task Merge_rules_refuse_with_the_right_status_and_change_nothing()
    {
        var (survivor, etag) = await Register(Clerk, Body("heping", "沈阳规则留存有限公司"));
        var (duplicate, _) = await Register(Clerk, Body("heping", "沈阳规则重复有限公司"));
        var (closed, _) = await Register(Clerk, Body("heping", "沈阳规则关闭有限公司"));
        Assert.Equal(HttpStatusCode.OK, (await Clerk.PostAsJsonAsync($"{Enterprises}/{closed}/deactivation", new { reason = "closure" })).StatusCode);
        using var admin = As("admin");
        var (inDadong, _) = await Register(admin, Body("dadong", "沈阳大东重复有限公司"));
        var before = await Snapshot();
        var reason = "Same enterprise.";

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Merge(Clerk, survivor, null, new { duplicateId = duplicate, reason })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Merge(Clerk, survivor, "\"7\"", new { duplicateId = duplicate, reason })).StatusCode);
        await AssertField(await Merge(Clerk, survivor, etag, new { duplicateId = survivor, reason }), "duplicateId");
        await AssertField(await Merge(Clerk, survivor, etag, new { duplicateId = duplicate }), "reason");
        await AssertField(await Merge(Clerk, survivor, etag, new { reason }), "duplicateId");
        await AssertField(await Merge(Clerk, survivor, etag, new { duplicateId = Guid.CreateVersion7(), reason }), "duplicateId");
        // Counter staff do not merge across wards: the other ward's entry does not exist for them.
        await AssertField(await Merge(Clerk, survivor, etag, new { duplicateId = inDadong, reason }), "duplicateId");
        Assert.Equal(HttpStatusCode.Conflict, (await Merge(Clerk, survivor, etag, new { duplicateId = closed, reason })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Merge(Clerk, closed, "\"2\"", new { duplicateId = duplicate, reason })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Merge(Clerk, Guid.CreateVersion7(), "\"1\"", new { duplicateId = duplicate, reason })).StatusCode);
        using var dadongClerk = As("counter_staff", "dadong");
        Assert.Equal(HttpStatusCode.NotFound, (await Merge(dadongClerk, survivor, etag, new { duplicateId = inDadong, reason })).StatusCode);
        Assert.Equal(before, await Snapshot());

        // Administrators merge across wards; a second merge of the same duplicate is refused.
        Assert.Equal(HttpStatusCode.OK, (await Merge(admin, survivor, etag, new { duplicateId = inDadong, reason })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Merge(admin, survivor, "\"2\"", new { duplicateId = inDadong, reason })).StatusCode);
    }

    [Theory]
    [InlineData("sme_office", null)]
    [InlineData("examiner", null)]
    [InlineData("advisor", null)]
    public async Task Roles_that_do_not_write_the_register_cannot_merge(string role, string? ward)
    {
        var (survivor, etag) = await Register(Clerk, Body("heping", "沈阳权限留存有限公司"));
        var (duplicate, _) = await Register(Clerk, Body("heping", "沈阳权限重复有限公司"));
        using var client = As(role, ward);
        Assert.Equal(HttpStatusCode.Forbidden, (await Merge(client, survivor, etag, new { duplicateId = duplicate, reason = "x" })).StatusCode);
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Merge(anonymous, survivor, etag, new { duplicateId = duplicate, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_Idempotency_Key_gets_the_first_answer()
    {
        var body = Body("heping", "沈阳重试登记有限公司");
        async Task<HttpResponseMessage> Post(Dictionary<string, object?> content, string key, HttpClient? client = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Enterprises) { Content = JsonContent.Create(content) };
            request.Headers.Add("Idempotency-Key", key);
            return await (client ?? Clerk).SendAsync(request);
        }

        using var first = await Post(body, "counter-7f3a");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();

        using var retry = await Post(body, "counter-7f3a");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(created.GetProperty("id").GetGuid(), (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        // Without the key a retry is what it is: the code is taken.
        Assert.Equal(HttpStatusCode.Conflict, (await Clerk.PostAsJsonAsync(Enterprises, body)).StatusCode);
        // The same key with another body is a different request.
        using var reused = await Post(Body("heping", "沈阳另一家企业有限公司"), "counter-7f3a");
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains("idempotency-key-reused", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Keys are per caller: another caller's same key is its own.
        using var admin = As("admin");
        Assert.Equal(HttpStatusCode.Created, (await Post(Body("heping", "沈阳管理员登记有限公司"), "counter-7f3a", admin)).StatusCode);
        // An unusable key is a field error, and a refused registration leaves its key unused.
        await AssertField(await Post(Body("heping", "沈阳坏键有限公司"), new string('k', 300)), "Idempotency-Key");
        var invalid = Body("heping", "沈阳无效有限公司");
        invalid["employees"] = -1;
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(invalid, "counter-8b1c")).StatusCode);
        invalid["employees"] = 3;
        Assert.Equal(HttpStatusCode.Created, (await Post(invalid, "counter-8b1c")).StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(3, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM enterprises"));
        Assert.Equal(3, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.EnterpriseRegistered'"));
    }

    private static async Task AssertField(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.True(JsonSerializer.Deserialize<JsonElement>(text).GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
