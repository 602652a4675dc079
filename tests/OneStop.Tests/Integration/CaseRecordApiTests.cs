using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>Consultations, notes and milestones on a case over HTTP: validation, order, events, and who may see and write them.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CaseRecordApiTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Cases = "/api/onestop/cases";

    private static string Today => WorkingDayCalendar.LocalDate(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Guid> OpenCase(string ward = "heping", string procedure = "finance-consulting")
    {
        using var admin = As("admin");
        var enterpriseId = (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = "沈阳记录测试有限公司", Ward = ward })).Id;
        using var opened = await admin.PostAsJsonAsync(Cases, new { enterpriseId, procedureCode = procedure });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private async Task<long> Count(string sql, object? parameters = null)
    {
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        return await db.ExecuteScalarAsync<long>(sql, parameters);
    }

    [Fact]
    public async Task A_consultation_walks_hearing_theme_proposal_follow_up_and_a_skipped_stage_is_409()
    {
        var id = await OpenCase();
        var url = $"{Cases}/{id}/consultations";

        var hearing = await Created(await Clerk.PostAsJsonAsync(url, new { stage = "hearing", channel = "counter", text = "企业介绍经营现状，流动资金紧张" }));
        Assert.Equal("hearing", hearing.GetProperty("stage").GetString());
        Assert.Equal("counter_staff.heping", hearing.GetProperty("staff").GetString());
        Assert.Equal("counter_staff.heping", hearing.GetProperty("recordedBy").GetString());

        var skipped = await Problem(await Clerk.PostAsJsonAsync(url, new { stage = "proposal", channel = "phone", text = "建议申请担保" }), HttpStatusCode.Conflict);
        Assert.EndsWith("/consultation-stage-out-of-order", skipped.GetProperty("type").GetString(), StringComparison.Ordinal);

        await Created(await Clerk.PostAsJsonAsync(url, new { stage = "theme", channel = "phone", staff = "王老师（融资顾问）", text = "融资需求约200万元" }));
        await Created(await Clerk.PostAsJsonAsync(url, new { stage = "proposal", channel = "online", text = "建议向信用担保中心申请" }));
        await Created(await Clerk.PostAsJsonAsync(url, new { stage = "follow-up", channel = "phone", text = "已提交担保申请" }));

        var list = await Clerk.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(["hearing", "theme", "proposal", "follow-up"], list.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("stage").GetString()));
        Assert.Equal("王老师（融资顾问）", list.GetProperty("items")[1].GetProperty("staff").GetString());
        Assert.Equal(4, await Count("SELECT count(*) FROM audit_log WHERE action = 'case.consultation.recorded' AND entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task Bad_records_are_400_with_field_errors_and_nothing_is_stored()
    {
        var id = await OpenCase();
        var consultation = await Problem(await Clerk.PostAsJsonAsync($"{Cases}/{id}/consultations",
            new { stage = "gossip", channel = "fax", text = "", occurredAt = DateTimeOffset.UtcNow.AddDays(2) }), HttpStatusCode.BadRequest);
        Assert.Equal(["channel", "occurredAt", "stage", "text"],
            consultation.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var note = await Problem(await Clerk.PostAsJsonAsync($"{Cases}/{id}/notes", new { text = new string('长', 4001) }), HttpStatusCode.BadRequest);
        Assert.True(note.GetProperty("errors").TryGetProperty("text", out _));

        var tomorrow = WorkingDayCalendar.LocalDate(DateTimeOffset.UtcNow).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { kind = "jobs-created", jobs = -5, achievedOn = Today, evidence = "社保记录" }, "jobs"),
            (new { kind = "jobs-created", jobs = 1_000_000, achievedOn = Today, evidence = "社保记录" }, "jobs"),
            (new { kind = "sales-increase", amountCny = -100m, achievedOn = Today, evidence = "财务报表" }, "amountCny"),
            (new { kind = "capital-raised", amountCny = 99_000_000_000m, achievedOn = Today, evidence = "投资协议" }, "amountCny"),
            (new { kind = "capital-raised", amountCny = 100m, achievedOn = tomorrow, evidence = "投资协议" }, "achievedOn"),
            (new { kind = "business-started", achievedOn = "2001-01-01", evidence = "营业执照" }, "achievedOn"),
            (new { kind = "business-started", achievedOn = Today, evidence = "" }, "evidence"),
            (new { kind = "unicorn", achievedOn = Today, evidence = "传闻" }, "kind"),
        })
        {
            var problem = await Problem(await Clerk.PostAsJsonAsync($"{Cases}/{id}/milestones", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        Assert.Equal(0, await Count("SELECT (SELECT count(*) FROM case_consultations) + (SELECT count(*) FROM case_notes) + (SELECT count(*) FROM case_milestones)"));
        Assert.Equal(0, await Count("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%CaseMilestoneRecorded'"));
    }

    [Fact]
    public async Task A_milestone_is_stored_and_published_through_the_outbox_and_a_business_starts_once()
    {
        var id = await OpenCase();
        var url = $"{Cases}/{id}/milestones";
        var jobs = await Created(await Clerk.PostAsJsonAsync(url, new { kind = "jobs-created", jobs = 12, achievedOn = Today, evidence = "社保缴纳名单 12 人" }));
        Assert.Equal("jobs-created", jobs.GetProperty("kind").GetString());
        Assert.Equal(12, jobs.GetProperty("jobs").GetInt32());
        await Created(await Clerk.PostAsJsonAsync(url, new { kind = "capital-raised", amountCny = 2_000_000.50m, achievedOn = Today, evidence = "担保贷款合同" }));
        await Created(await Clerk.PostAsJsonAsync(url, new { kind = "business-started", achievedOn = Today, evidence = "营业执照" }));
        var again = await Problem(await Clerk.PostAsJsonAsync(url, new { kind = "business-started", achievedOn = Today, evidence = "营业执照" }), HttpStatusCode.Conflict);
        Assert.EndsWith("/milestone-already-recorded", again.GetProperty("type").GetString(), StringComparison.Ordinal);

        var list = await Clerk.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(3, list.GetProperty("items").GetArrayLength());
        Assert.Equal(2_000_000.50m, list.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("kind").GetString() == "capital-raised")
            .GetProperty("amountCny").GetDecimal());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var payloads = (await db.QueryAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.OneStop.CaseMilestoneRecorded' ORDER BY position")).ToList();
        Assert.Equal(3, payloads.Count);
        var first = JsonDocument.Parse(payloads[0]).RootElement;
        Assert.Equal(id, first.GetProperty("caseId").GetGuid());
        Assert.Equal("jobs-created", first.GetProperty("kind").GetString());
        Assert.Equal(12, first.GetProperty("jobs").GetInt32());
        Assert.Equal("heping", first.GetProperty("ward").GetString());
        Assert.Equal("finance-consulting", first.GetProperty("procedureCode").GetString());

        // The relay publishes it to RabbitMQ: the row is marked published.
        await Poll.UntilAsync(async () => await db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE message_type = 'SmePlatform.Contracts.OneStop.CaseMilestoneRecorded' AND published_at IS NOT NULL") == 3,
            TimeSpan.FromSeconds(30), "the milestones to be relayed");
    }

    [Fact]
    public async Task Notes_can_be_added_to_a_closed_case_and_the_case_version_does_not_move()
    {
        var id = await OpenCase(procedure: "information-consulting");
        using (var completed = await Clerk.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action = "start" }))
        {
            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        }

        using (var completed = await Clerk.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action = "complete" }))
        {
            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        }

        var before = (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}")).GetProperty("rowVersion").GetInt32();
        var note = await Created(await Clerk.PostAsJsonAsync($"{Cases}/{id}/notes", new { text = "  三个月后回访  " }));
        Assert.Equal("三个月后回访", note.GetProperty("text").GetString());
        Assert.Equal(before, (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}")).GetProperty("rowVersion").GetInt32());
        Assert.Equal(["三个月后回访"], (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}/notes")).GetProperty("items").EnumerateArray()
            .Select(n => n.GetProperty("text").GetString()));
    }

    public static TheoryData<string> Collections => new() { "consultations", "notes", "milestones" };

    private static object ValidBody(string collection) => collection switch
    {
        "consultations" => new { stage = "hearing", channel = "counter", text = "来访咨询" },
        "notes" => new { text = "备注" },
        _ => new { kind = "business-started", achievedOn = Today, evidence = "营业执照" },
    };

    [Theory]
    [MemberData(nameof(Collections))]
    public async Task Another_wards_clerk_gets_404_and_nothing_is_written(string collection)
    {
        var id = await OpenCase();
        using var other = As("counter_staff", "shenhe");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Cases}/{id}/{collection}", ValidBody(collection))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Cases}/{id}/{collection}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync($"{Cases}/{Guid.NewGuid()}/{collection}")).StatusCode);
        Assert.Equal(0, await Count("SELECT (SELECT count(*) FROM case_consultations) + (SELECT count(*) FROM case_notes) + (SELECT count(*) FROM case_milestones)"));
    }

    [Theory]
    [MemberData(nameof(Collections))]
    public async Task Roles_are_enforced_per_endpoint(string collection)
    {
        var id = await OpenCase();
        var url = $"{Cases}/{id}/{collection}";

        // The SME Office reads every ward but does not write; other staff roles and banks neither read nor write.
        using var office = As("sme_office");
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync(url, ValidBody(collection))).StatusCode);
        foreach (var role in new[] { "advisor", "examiner", "intermediary", "bank" })
        {
            using var client = As(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(url, ValidBody(collection))).StatusCode);
        }

        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(url, ValidBody(collection))).StatusCode);

        // Admins write in any ward.
        using var admin = As("admin");
        await Created(await admin.PostAsJsonAsync(url, ValidBody(collection)));
        Assert.Equal(1, await Count($"SELECT count(*) FROM case_{collection}"));
    }
}
