using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>The partner-bank API against the real service, PostgreSQL and RabbitMQ, with a gRPC stand-in for the register.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BankApiTests(InfrastructureFixture infra) : GuaranteeApiTest(infra)
{
    private Task<int> Applications() => Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM applications");

    [Fact]
    public async Task A_submission_is_screened_at_once_stored_with_events_and_audit_and_a_replay_answers_the_same()
    {
        var uscc = Register.Add();
        var body = Bodies.Application(uscc, key: "CCB-2026-0001");
        var (created, application) = await Bank.SubmitAsync(body, "key-1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = application.GetProperty("id").GetGuid();
        Assert.Equal($"/api/bank/v1/applications/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("under_examination", application.GetProperty("status").GetString());
        Assert.Equal("CCB-2026-0001", application.GetProperty("applicationKey").GetString());
        Assert.Equal(uscc, application.GetProperty("enterprise").GetProperty("uscc").GetString());
        var screening = application.GetProperty("screening");
        Assert.True(screening.GetProperty("passed").GetBoolean());
        Assert.Equal(1, screening.GetProperty("configuration").GetProperty("version").GetInt32());
        // The register does not classify size yet: the rule says so instead of pretending.
        var sme = screening.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "enterprise.sme");
        Assert.Contains("Not verified automatically", sme.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["submitted", "screening"], application.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("from").GetString()));

        // The register was asked with the service's own token, never the bank's.
        Assert.Equal($"Bearer {StubRegister.ServiceToken}", Assert.Single(Register.Authorizations));

        var (replayed, again) = await Bank.SubmitAsync(body, "key-1");
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.Equal("true", Assert.Single(replayed.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(id, again.GetProperty("id").GetGuid());
        Assert.Equal(1, await Applications());
        Assert.Equal(1, Register.Calls);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var events = (await db.QueryAsync<string>("SELECT message_type FROM outbox_messages ORDER BY position")).ToList();
        Assert.Contains("SmePlatform.Contracts.Guarantee.GuaranteeApplicationSubmitted", events);
        Assert.Contains("SmePlatform.Contracts.Guarantee.GuaranteeApplicationScreened", events);
        Assert.DoesNotContain("SmePlatform.Contracts.Guarantee.GuaranteeDecided", events);
        var audit = (await db.QueryAsync<(string Action, string ActorId)>(
            "SELECT action, actor_id FROM audit_log WHERE entity_id = @id ORDER BY id", new { id = id.ToString() })).ToList();
        Assert.Equal([("application.submitted", "bank.ccb-shenyang"), ("application.screened", "system:guarantee")], audit);
        Assert.Equal(["screening", "under_examination"], await db.QueryAsync<string>(
            "SELECT to_state FROM application_history WHERE application_id = @id ORDER BY id", new { id }));

        await Poll.UntilAsync(
            () => db.ExecuteScalarAsync<bool>("SELECT bool_and(published_at IS NOT NULL) FROM outbox_messages"),
            TimeSpan.FromSeconds(30), "the outbox to be published to RabbitMQ");
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_409_and_changes_nothing()
    {
        var uscc = Register.Add();
        var (first, _) = await Bank.SubmitAsync(Bodies.Application(uscc, key: "A-1"), "key-2");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var other = Bodies.Application(uscc, key: "A-1");
        other["loanAmount"] = 900_000m;
        var (reused, problem) = await Bank.SubmitAsync(other, "key-2");

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.EndsWith("/idempotency-key-reused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await Applications());
    }

    [Fact]
    public async Task A_missing_idempotency_key_is_a_field_error()
    {
        using var request = Bodies.Submit(Bodies.Application(Register.Add()), idempotencyKey: null);
        using var missing = await Bank.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["Idempotency-Key"], Bodies.Errors(await missing.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(0, await Applications());
        Assert.Equal(0, Register.Calls);
    }

    [Fact]
    public async Task Concurrent_duplicates_make_one_application()
    {
        var uscc = Register.Add();
        var body = Bodies.Application(uscc, key: "RACE-1");
        var sameKey = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Bank.SubmitAsync(body, "race-key")));
        Assert.All(sameKey, r => Assert.Equal(HttpStatusCode.Created, r.Response.StatusCode));
        Assert.Single(sameKey.Select(r => r.Body.GetProperty("id").GetGuid()).Distinct());

        // Other keys, the same application key: one application, the others told which one it is.
        var otherBody = Bodies.Application(Register.Add(), key: "RACE-2");
        var otherKeys = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Bank.SubmitAsync(otherBody, $"race-key-{i}")));
        var winner = Assert.Single(otherKeys, r => r.Response.StatusCode == HttpStatusCode.Created);
        Assert.All(otherKeys.Where(r => r.Response.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Response.StatusCode);
            Assert.Equal(winner.Body.GetProperty("id").GetGuid(), r.Body.GetProperty("existingApplicationId").GetGuid());
        });
        Assert.Equal(2, await Applications());
    }

    [Fact]
    public async Task Invalid_applications_get_every_field_error_store_nothing_and_leave_the_key_unused()
    {
        var uscc = Register.Add();
        var body = Bodies.Application(uscc);
        body["loanAmount"] = -5m;
        body["purpose"] = "holiday";
        body["instalments"] = new { type = "whenever" };
        body["collateral"] = new[] { new { type = "goodwill", description = "", value = 0m } };
        body["financialStatements"] = new[] { new { fiscalYear = 2025 } };
        body.Remove("applicationKey");

        var (response, problem) = await Bank.SubmitAsync(body, "key-invalid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = Bodies.Errors(problem);
        foreach (var field in new[] { "applicationKey", "purpose", "instalments.type", "collateral[0].type", "collateral[0].value",
                     "financialStatements[0].sales", "financialStatements[0].netAssets" })
        {
            Assert.Contains(field, fields);
        }

        var (wrongType, typeProblem) = await Bank.SubmitAsync(new Dictionary<string, object?>(Bodies.Application(uscc)) { ["termMonths"] = "two years" }, "key-invalid");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(["termMonths"], Bodies.Errors(typeProblem));

        Assert.Equal(0, await Applications());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM outbox_messages"));
        // The register was asked once, a read, so that an unregistered code would be in the same answer; nothing more.
        Assert.Equal(1, Register.Calls);

        // The key was not used up: the corrected application goes through with it.
        var (corrected, _) = await Bank.SubmitAsync(Bodies.Application(uscc), "key-invalid");
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task An_application_key_is_unique_per_bank_and_the_conflict_names_the_existing_application()
    {
        var uscc = Register.Add();
        var (first, created) = await Bank.SubmitAsync(Bodies.Application(uscc, key: "SAME-KEY"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var (second, problem) = await Bank.SubmitAsync(Bodies.Application(Register.Add(), key: "SAME-KEY"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.EndsWith("/application-key-in-use", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(created.GetProperty("id").GetGuid(), problem.GetProperty("existingApplicationId").GetGuid());

        // Another bank may use the same key for its own application.
        var (otherBank, _) = await OtherBank.SubmitAsync(Bodies.Application(Register.Add(), key: "SAME-KEY"));
        Assert.Equal(HttpStatusCode.Created, otherBank.StatusCode);
    }

    [Fact]
    public async Task An_enterprise_missing_from_the_register_is_a_field_error_on_uscc()
    {
        var (response, problem) = await Bank.SubmitAsync(Bodies.Application(StubRegister.NewUscc()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["uscc"], Bodies.Errors(problem));
        Assert.Equal(0, await Applications());
    }

    [Fact]
    public async Task When_the_register_is_down_the_answer_is_503_nothing_is_stored_and_the_key_stays_unused()
    {
        var uscc = Register.Add();
        var body = Bodies.Application(uscc);
        Register.Down = true;

        var (response, problem) = await Bank.SubmitAsync(body, "key-down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.EndsWith("/upstream-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Applications());
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM idempotency_keys"));
        Assert.Equal(0, await Bodies.CountAsync(Factory.ConnectionString, "SELECT count(*) FROM outbox_messages"));

        // The bank retries with the same key once the register is back (after the client's circuit, if it opened, closes).
        Register.Down = false;
        var status = await Poll.UntilAsync(async () => (await Bank.SubmitAsync(body, "key-down")).Response.StatusCode,
            s => s == HttpStatusCode.Created, TimeSpan.FromSeconds(20), "the retry to be accepted");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, await Applications());
    }

    [Fact]
    public async Task A_bank_never_sees_another_banks_application()
    {
        var (created, application) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = application.GetProperty("id").GetGuid();

        using (var own = await Bank.GetAsync($"{Bodies.Applications}/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var other = await OtherBank.GetAsync($"{Bodies.Applications}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var unknown = await OtherBank.GetAsync($"{Bodies.Applications}/{Guid.CreateVersion7()}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode); // the same answer as for an id that does not exist
        }

        var (answer, _) = await OtherBank.BankPostAsync($"{Bodies.Applications}/{id}/information", new { answer = "Here it is." });
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        var (disburse, _) = await OtherBank.BankPostAsync($"{Bodies.Applications}/{id}/disbursement", new { amount = 1m, disbursedOn = "2026-01-05" });
        Assert.Equal(HttpStatusCode.NotFound, disburse.StatusCode);

        var huaxiaList = await OtherBank.GetFromJsonAsync<JsonElement>(Bodies.Applications);
        Assert.DoesNotContain(huaxiaList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        var ccbList = await Bank.GetFromJsonAsync<JsonElement>(Bodies.Applications);
        Assert.Contains(ccbList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Screening_declines_a_split_application_at_another_bank_with_the_named_reason()
    {
        var uscc = Register.Add();
        var (first, firstBody) = await Bank.SubmitAsync(Bodies.Application(uscc));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var firstId = firstBody.GetProperty("id").GetGuid();
        var (second, declined) = await OtherBank.SubmitAsync(Bodies.Application(uscc));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        var failed = declined.GetProperty("screening").GetProperty("checks").EnumerateArray()
            .Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Equal(["application.no_split"], failed);
        var decision = declined.GetProperty("decision");
        Assert.Equal("declined", decision.GetProperty("outcome").GetString());
        Assert.NotEmpty(decision.GetProperty("reasons").EnumerateArray());
        Assert.Equal(1, decision.GetProperty("configuration").GetProperty("version").GetInt32());

        // The declined bank learns that another application exists, never whose or which, nor the fund's totals.
        var read = await OtherBank.GetStringAsync($"{Bodies.Applications}/{declined.GetProperty("id").GetGuid()}");
        foreach (var text in new[] { declined.GetRawText(), read })
        {
            Assert.DoesNotContain(firstId.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ccb", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("fund's outstanding", text, StringComparison.Ordinal);
            Assert.DoesNotContain("of outstanding guarantees", text, StringComparison.Ordinal);
            Assert.DoesNotContain("enterprise's outstanding", text, StringComparison.Ordinal);
        }

        Assert.Contains("another guarantee application", string.Join(" ", decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())),
            StringComparison.Ordinal);
        // The fund's examiner reads the screening in full.
        var examined = await Li.GetStringAsync($"/api/guarantee/applications/{declined.GetProperty("id").GetGuid()}");
        Assert.Contains(firstId.ToString(), examined, StringComparison.OrdinalIgnoreCase);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.Guarantee.GuaranteeDecided' AND payload->>'decidedBy' = 'screening'"));
    }

    [Fact]
    public async Task Screening_declines_an_application_above_the_enterprise_ceiling()
    {
        // 75% of CNY 7,000,000 is CNY 5,250,000: above the CNY 5,000,000 ceiling per enterprise.
        var (response, declined) = await Bank.SubmitAsync(Bodies.Application(Register.Add(), loanAmount: 7_000_000m));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Contains(declined.GetProperty("screening").GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("code").GetString() == "limit.enterprise_ceiling" && !c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task The_list_is_cursor_paged_and_filtered()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (_, body) = await Bank.SubmitAsync(Bodies.Application(Register.Add()));
            ids.Add(body.GetProperty("id").GetGuid());
        }

        var first = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}?limit=2");
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}?limit=2&cursor={cursor}");
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.False(second.TryGetProperty("nextCursor", out var none) && none.ValueKind != JsonValueKind.Null, "no next page");
        Assert.Equal(ids, first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("id").GetGuid()));

        var declined = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}?status=declined");
        Assert.Equal(0, declined.GetProperty("items").GetArrayLength());
        var future = await Bank.GetFromJsonAsync<JsonElement>($"{Bodies.Applications}?updatedSince={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}");
        Assert.Equal(0, future.GetProperty("items").GetArrayLength());

        using var badCursor = await Bank.GetAsync($"{Bodies.Applications}?cursor=not-a-cursor&status=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal(["status", "cursor"], Bodies.Errors(await badCursor.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_bank_api_its_sign_in_and_the_idempotency_key()
    {
        using var anonymous = Factory.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/bank/v1/openapi.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/bank/v1/applications", paths);
        Assert.Contains("/api/bank/v1/applications/{id}", paths);
        Assert.Contains("/api/bank/v1/applications/{id}/information", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/guarantee", StringComparison.Ordinal));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Single().Value;
        Assert.Equal("/connect/token", scheme.GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        var submit = document.GetProperty("paths").GetProperty("/api/bank/v1/applications").GetProperty("post");
        Assert.Contains(submit.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        // What the API demands is required in the contract; what it defaults (currency, statements, consent …) is not.
        var submission = document.GetProperty("components").GetProperty("schemas").GetProperty("SubmitApplicationRequest");
        var required = submission.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("uscc", required);
        Assert.Contains("loanAmount", required);
        Assert.Contains("applicationKey", required);
        foreach (var optional in new[] { "currency", "purposeDetail", "collateral", "financialStatements", "consent" })
        {
            Assert.DoesNotContain(optional, required);
        }

        foreach (var write in new[] { "/api/bank/v1/applications/{id}/information", "/api/bank/v1/applications/{id}/disbursement" })
        {
            var post = document.GetProperty("paths").GetProperty(write).GetProperty("post");
            Assert.Contains(post.GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        }
    }
}
