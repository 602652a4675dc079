using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.OneStop.Domain;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>The register beyond the first slice: profile, size class from stored rule sets, duplicates, update, deactivation, history.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EnterpriseLifecycleTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Enterprises = "/api/onestop/enterprises";

    internal static Dictionary<string, object?> FullBody(string ward = "heping", string name = "沈阳精工机械有限公司") => new()
    {
        ["uscc"] = TestCodes.NewUscc(),
        ["name"] = name,
        ["nameEn"] = "Shenyang Precision Machinery Co., Ltd.",
        ["ward"] = ward,
        ["industryCode"] = "C3511",
        ["employees"] = 120,
        ["annualRevenue"] = 45_000_000m,
        ["totalAssets"] = 30_000_000m,
        ["legalRepresentative"] = "王建国",
        ["address"] = "沈阳市和平区南京北街1号",
        ["legalForm"] = "limited-liability",
        ["ownershipType"] = "private",
        ["foundingDate"] = "2012-05-08",
        ["registeredCapital"] = 5_000_000m,
        ["contactPhone"] = "024-2345 6789",
    };

    private async Task<JsonElement> Register(HttpClient client, Dictionary<string, object?> body)
    {
        using var response = await client.PostAsJsonAsync(Enterprises, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<(string Type, JsonElement Payload)>> Outbox(Guid id)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var rows = await db.QueryAsync<(string, string)>(
            "SELECT message_type, payload::text FROM outbox_messages WHERE payload->>'enterpriseId' = @id ORDER BY position", new { id = id.ToString() });
        return rows.Select(r => (r.Item1.Split('.')[^1], JsonSerializer.Deserialize<JsonElement>(r.Item2))).ToList();
    }

    private static HttpRequestMessage Put(Guid id, Dictionary<string, object?> body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Enterprises}/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Fact]
    public async Task A_full_registration_stores_the_profile_and_the_size_class_with_its_rule_set_and_reason()
    {
        using var response = await Clerk.PostAsJsonAsync(Enterprises, FullBody());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var fetched = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{id}");
        Assert.Equal("small", fetched.GetProperty("sizeClass").GetString());
        Assert.Equal("CN-2003", fetched.GetProperty("sizeRuleSetId").GetString());
        Assert.Equal(1, fetched.GetProperty("sizeRuleSetVersion").GetInt32());
        Assert.Contains("employees 120 < 300 (medium lower limit)", fetched.GetProperty("sizeReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("legal-person-enterprise", fetched.GetProperty("category").GetString());
        Assert.Equal("02423456789", fetched.GetProperty("contactPhone").GetString());
        Assert.Equal("2012-05-08", fetched.GetProperty("foundingDate").GetString());
        Assert.Equal("王建国", fetched.GetProperty("legalRepresentative").GetString());
        Assert.Equal("active", fetched.GetProperty("status").GetString());

        var registered = Assert.Single(await Outbox(id));
        Assert.Equal("EnterpriseRegistered", registered.Type);
        Assert.Equal("small", registered.Payload.GetProperty("sizeClass").GetString());
        Assert.Equal("CN-2003", registered.Payload.GetProperty("sizeRuleSetId").GetString());
        Assert.Equal(1, registered.Payload.GetProperty("sizeRuleSetVersion").GetInt32());
        Assert.Equal("legal-person-enterprise", registered.Payload.GetProperty("category").GetString());
    }

    [Fact]
    public async Task The_stored_CN_2003_rule_set_is_the_one_in_the_domain_and_the_current_one()
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var json = await db.QuerySingleAsync<string>("SELECT definition::text FROM size_rule_sets WHERE jurisdiction = 'CN' AND is_current");
        var (stored, errors) = SizeRuleSetJson.Deserialize(json);
        Assert.Empty(errors);
        Assert.Equal(SizeRuleSetJson.Serialize(SizeRuleSets.China2003), SizeRuleSetJson.Serialize(stored!));
    }

    [Fact]
    public async Task An_individual_household_is_kept_apart_and_a_contradicting_category_is_refused()
    {
        var body = FullBody(name: "和平区老张修车铺");
        body["legalForm"] = "individual-household";
        body["ownershipType"] = "personal";
        body["contactPhone"] = "+86 138 0013 8000";
        var created = await Register(Clerk, body);
        Assert.Equal("individual-household", created.GetProperty("category").GetString());
        Assert.Equal("13800138000", created.GetProperty("contactPhone").GetString());

        var contradicting = FullBody(name: "和平区老李小吃店");
        contradicting["legalForm"] = "individual-household";
        contradicting["ownershipType"] = "personal";
        contradicting["category"] = "legal-person-enterprise";
        contradicting["contactPhone"] = null;
        using var response = await Clerk.PostAsJsonAsync(Enterprises, contradicting);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("category", out _));
    }

    public static TheoryData<string, string, object?> BadProfiles => new()
    {
        { "foundingDate", "future founding date", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM-dd") },
        { "foundingDate", "absurd founding date", "1850-01-01" },
        { "contactPhone", "phone with letters", "024-CALL-NOW" },
        { "contactPhone", "phone too short", "12345" },
        { "legalForm", "unknown legal form", "llc" },
        { "ownershipType", "unknown ownership", "martian" },
        { "registeredCapital", "negative capital", -1m },
        { "nameEn", "overlong English name", new string('x', 201) },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task Bad_profile_fields_get_field_errors_and_store_nothing(string field, string why, object? value)
    {
        var body = FullBody();
        body[field] = value;
        using var response = await Clerk.PostAsJsonAsync(Enterprises, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: {problem}");
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT (SELECT count(*) FROM enterprises) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log)"));
    }

    [Fact]
    public async Task A_similar_name_in_the_same_ward_is_a_possible_duplicate_until_confirmed()
    {
        var first = await Register(Clerk, FullBody(name: "沈阳精工机械有限公司"));
        var firstId = first.GetProperty("id").GetGuid();

        var similar = FullBody(name: "沈阳市精工机械股份有限公司");
        similar["contactPhone"] = "13912345678";
        using var conflict = await Clerk.PostAsJsonAsync(Enterprises, similar);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/possible-duplicate", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(firstId, problem.GetProperty("possibleDuplicateOf").GetGuid());
        Assert.Contains(firstId.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        similar["confirmNotDuplicate"] = true;
        var second = await Register(Clerk, similar);
        var secondId = second.GetProperty("id").GetGuid();
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND action = 'enterprise.duplicate-confirmed'", new { id = secondId.ToString() }));

        // The same name in another ward is another ward's business.
        using var admin = As("admin");
        await Register(admin, FullBody(ward: "dadong", name: "沈阳精工机械有限公司"));
        // A different name is no duplicate.
        var other = FullBody(name: "沈阳和平新材料有限公司");
        other["contactPhone"] = "13700000001";
        await Register(Clerk, other);
    }

    [Fact]
    public async Task The_same_phone_in_the_ward_is_a_possible_duplicate_and_the_short_form_is_screened_too()
    {
        var first = await Register(Clerk, FullBody(name: "沈阳北方电缆有限公司"));
        var samePhone = FullBody(name: "和平区东湖餐饮管理有限公司");
        using var conflict = await Clerk.PostAsJsonAsync(Enterprises, samePhone);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("possibleDuplicateOf").GetGuid());
        Assert.True(problem.GetProperty("possibleDuplicates")[0].GetProperty("samePhone").GetBoolean());

        // The original seven-field form cannot skip the check by leaving the optional fields out…
        var minimal = new Dictionary<string, object?>
        {
            ["uscc"] = TestCodes.NewUscc(), ["name"] = "沈阳北方电缆有限公司", ["ward"] = "heping", ["industryCode"] = "C3831",
            ["employees"] = 10, ["annualRevenue"] = 1_000_000m, ["totalAssets"] = 900_000m,
        };
        Assert.Equal(HttpStatusCode.Conflict, (await Clerk.PostAsJsonAsync(Enterprises, minimal)).StatusCode);
        // …and goes through once the clerk confirms it is another enterprise.
        minimal["confirmNotDuplicate"] = true;
        await Register(Clerk, minimal);
    }

    [Fact]
    public async Task An_update_with_the_current_ETag_reclassifies_and_publishes_updated_and_reclassified()
    {
        var body = FullBody();
        var id = (await Register(Clerk, body)).GetProperty("id").GetGuid();

        body["employees"] = 350;
        body["totalAssets"] = 50_000_000m;
        body["address"] = "沈阳市和平区三好街8号";
        using var response = await Clerk.SendAsync(Put(id, body, "\"1\""));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        var updated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("medium", updated.GetProperty("sizeClass").GetString());
        Assert.Equal(2, updated.GetProperty("rowVersion").GetInt32());

        var events = await Outbox(id);
        Assert.Equal(["EnterpriseRegistered", "EnterpriseUpdated", "EnterpriseReclassified"], events.Select(e => e.Type));
        var changed = events[1].Payload.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()).Order().ToList();
        Assert.Equal(["address", "employees", "totalAssets"], changed);
        var reclassified = events[2].Payload;
        Assert.Equal("small", reclassified.GetProperty("fromClass").GetString());
        Assert.Equal("medium", reclassified.GetProperty("toClass").GetString());
        Assert.Equal("CN-2003", reclassified.GetProperty("ruleSetId").GetString());
        Assert.Contains("Medium under CN-2003 v1", reclassified.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The same PUT again changes nothing: no version, no event.
        using var again = await Clerk.SendAsync(Put(id, body, "\"2\""));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("\"2\"", again.Headers.ETag?.Tag);
        Assert.Equal(3, (await Outbox(id)).Count);
    }

    [Fact]
    public async Task A_stale_or_missing_If_Match_changes_nothing()
    {
        var body = FullBody();
        var id = (await Register(Clerk, body)).GetProperty("id").GetGuid();
        body["employees"] = 130;
        Assert.Equal(HttpStatusCode.OK, (await Clerk.SendAsync(Put(id, body, "\"1\""))).StatusCode);

        body["employees"] = 999;
        using var stale = await Clerk.SendAsync(Put(id, body, "\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("\"2\"", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentETag").GetString());
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Clerk.SendAsync(Put(id, body, null))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Clerk.SendAsync(Put(id, body, "\"banana\""))).StatusCode);

        var fetched = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}/{id}");
        Assert.Equal(130, fetched.GetProperty("employees").GetInt32());
        Assert.Equal(2, (await Outbox(id)).Count);
    }

    [Fact]
    public async Task Two_clerks_updating_the_same_version_at_once_one_wins_one_gets_412()
    {
        var body = FullBody();
        var id = (await Register(Clerk, body)).GetProperty("id").GetGuid();
        var a = new Dictionary<string, object?>(body) { ["employees"] = 200 };
        var b = new Dictionary<string, object?>(body) { ["employees"] = 400 };
        using var other = As("counter_staff", "heping");
        var results = await Task.WhenAll(Clerk.SendAsync(Put(id, a, "\"1\"")), other.SendAsync(Put(id, b, "\"1\"")));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], results.Select(r => r.StatusCode).Order());
        foreach (var result in results)
        {
            result.Dispose();
        }
    }

    [Fact]
    public async Task Updates_are_scoped_to_the_ward_and_the_code_never_changes()
    {
        var body = FullBody();
        var id = (await Register(Clerk, body)).GetProperty("id").GetGuid();

        using var dadong = As("counter_staff", "dadong");
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.SendAsync(Put(id, new Dictionary<string, object?>(body) { ["ward"] = "dadong" }, "\"1\""))).StatusCode);

        using var moved = await Clerk.SendAsync(Put(id, new Dictionary<string, object?>(body) { ["ward"] = "dadong" }, "\"1\""));
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);

        using var recoded = await Clerk.SendAsync(Put(id, new Dictionary<string, object?>(body) { ["uscc"] = TestCodes.NewUscc() }, "\"1\""));
        Assert.Equal(HttpStatusCode.BadRequest, recoded.StatusCode);
        Assert.True((await recoded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("uscc", out _));

        using var office = As("sme_office");
        Assert.Equal(HttpStatusCode.Forbidden, (await office.SendAsync(Put(id, body, "\"1\""))).StatusCode);

        using var admin = As("admin");
        using var byAdmin = await admin.SendAsync(Put(id, new Dictionary<string, object?>(body) { ["ward"] = "dadong" }, "\"1\""));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync($"{Enterprises}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dadong.GetAsync($"{Enterprises}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Deactivation_by_closure_or_merger_is_final_and_published()
    {
        var closingBody = FullBody(name: "沈阳旧城印刷厂");
        var closing = (await Register(Clerk, closingBody)).GetProperty("id").GetGuid();
        var mergingBody = FullBody(name: "沈阳兴华五金有限公司");
        mergingBody["contactPhone"] = "13600000002";
        var merging = (await Register(Clerk, mergingBody)).GetProperty("id").GetGuid();
        var targetBody = FullBody(name: "沈阳东北重工有限公司");
        targetBody["contactPhone"] = "13600000003";
        var target = (await Register(Clerk, targetBody)).GetProperty("id").GetGuid();

        using var closed = await Clerk.PostAsJsonAsync($"{Enterprises}/{closing}/deactivation", new { reason = "closure", note = "营业执照注销" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var closedBody = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("deactivated", closedBody.GetProperty("status").GetString());
        Assert.Equal("closure", closedBody.GetProperty("deactivationReason").GetString());
        var deactivated = (await Outbox(closing)).Single(e => e.Type == "EnterpriseDeactivated").Payload;
        Assert.Equal("closure", deactivated.GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await Clerk.PostAsJsonAsync($"{Enterprises}/{closing}/deactivation", new { reason = "closure" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Clerk.SendAsync(Put(closing, closingBody, "\"2\""))).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.PostAsJsonAsync($"{Enterprises}/{merging}/deactivation", new { reason = "merger" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.PostAsJsonAsync($"{Enterprises}/{merging}/deactivation", new { reason = "merger", mergedInto = closing })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.PostAsJsonAsync($"{Enterprises}/{merging}/deactivation", new { reason = "bankrupt" })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Clerk.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Enterprises}/{merging}/deactivation")
        {
            Content = JsonContent.Create(new { reason = "merger", mergedInto = target }),
            Headers = { IfMatch = { new EntityTagHeaderValue("\"7\"") } },
        })).StatusCode);
        using var merged = await Clerk.PostAsJsonAsync($"{Enterprises}/{merging}/deactivation", new { reason = "merger", mergedInto = target });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var mergedEvent = (await Outbox(merging)).Single(e => e.Type == "EnterpriseDeactivated").Payload;
        Assert.Equal(target, mergedEvent.GetProperty("mergedInto").GetGuid());

        var dadongTarget = await Register(As("admin"), FullBody(ward: "dadong", name: "大东区合并目标有限公司"));
        using var dadong = As("counter_staff", "dadong");
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.PostAsJsonAsync($"{Enterprises}/{target}/deactivation", new { reason = "closure" })).StatusCode);
        using var acrossWards = await Clerk.PostAsJsonAsync($"{Enterprises}/{target}/deactivation",
            new { reason = "merger", mergedInto = dadongTarget.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, acrossWards.StatusCode);

        var activeOnly = await Clerk.GetFromJsonAsync<JsonElement>($"{Enterprises}?status=active");
        Assert.Equal([target], activeOnly.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_history_shows_every_change_field_by_field_to_whoever_may_read_the_enterprise()
    {
        var body = FullBody();
        var id = (await Register(Clerk, body)).GetProperty("id").GetGuid();
        body["employees"] = 125;
        Assert.Equal(HttpStatusCode.OK, (await Clerk.SendAsync(Put(id, body, "\"1\""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Clerk.PostAsJsonAsync($"{Enterprises}/{id}/deactivation", new { reason = "closure" })).StatusCode);

        using var examiner = As("examiner");
        var history = (await examiner.GetFromJsonAsync<JsonElement>($"{Enterprises}/{id}/history")).EnumerateArray().ToList();
        Assert.Equal(["enterprise.registered", "enterprise.updated", "enterprise.deactivated"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.All(history, h => Assert.Equal("counter_staff.heping", h.GetProperty("actorId").GetString()));
        // The size reason quotes the figures, so it changes with them; the class stays small.
        var changes = history[1].GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["employees", "sizeReason"], changes.Select(c => c.GetProperty("field").GetString()).Order());
        var update = changes.Single(c => c.GetProperty("field").GetString() == "employees");
        Assert.Equal(120, update.GetProperty("from").GetInt32());
        Assert.Equal(125, update.GetProperty("to").GetInt32());
        Assert.Contains(history[2].GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "status"
            && c.GetProperty("to").GetString() == "deactivated");

        using var dadong = As("counter_staff", "dadong");
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync($"{Enterprises}/{id}/history")).StatusCode);
        using var bank = Factory.CreateClient().WithToken(TestTokens.Issue("bank", bankId: "ccb-shenyang"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync($"{Enterprises}/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task A_malformed_update_body_is_a_field_error()
    {
        var id = (await Register(Clerk, FullBody())).GetProperty("id").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Enterprises}/{id}")
        {
            Content = new StringContent("{\"employees\": \"many\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var response = await Clerk.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("employees", out _));
    }
}
