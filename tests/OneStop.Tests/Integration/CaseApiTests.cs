using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>The service catalogue and cases over HTTP: opening, the checklist, the workflow's guards, ward scope, the overdue list.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CaseApiTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Cases = "/api/onestop/cases";

    private async Task<Guid> RegisterEnterprise(string ward)
    {
        using var admin = As("admin");
        return (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = "沈阳案件测试有限公司", Ward = ward })).Id;
    }

    private async Task<JsonElement> Open(HttpClient client, Guid enterpriseId, string procedureCode, string? kind = null)
    {
        using var response = await client.PostAsJsonAsync(Cases, new { enterpriseId, procedureCode, kind });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpResponseMessage> Transition(Guid id, string action, string? reason = null) =>
        await Clerk.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action, reason });

    private async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private async Task<JsonElement> Document(Guid id, string document, string status, string? reason = null) =>
        await Ok(await Clerk.PostAsJsonAsync($"{Cases}/{id}/documents/{document}", new { status, reason }));

    [Fact]
    public async Task Every_staff_role_reads_the_catalogue_with_its_presets()
    {
        foreach (var role in new[] { "counter_staff", "examiner", "intermediary", "advisor", "sme_office", "admin" })
        {
            using var client = As(role, role == "counter_staff" ? "heping" : null);
            var procedures = await client.GetFromJsonAsync<JsonElement>("/api/onestop/procedures");
            Assert.Equal(
                ["approvals-permissions", "business-registration", "diagnosis", "finance-consulting", "information-consulting", "partnership", "service-referral",
                    "technology", "training"],
                procedures.EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        }

        var all = await Clerk.GetFromJsonAsync<JsonElement>("/api/onestop/procedures");
        var registration = all.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "business-registration");
        Assert.Equal(1, registration.GetProperty("version").GetInt32());
        Assert.Equal("企业登记", registration.GetProperty("nameZh").GetString());
        Assert.Equal(3, registration.GetProperty("timeLimitWorkingDays").GetInt32());
        Assert.Equal(4, registration.GetProperty("documentsNew").GetArrayLength());
        Assert.Equal(3, registration.GetProperty("documentsRenewal").GetArrayLength());

        using var bank = As("bank");
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync("/api/onestop/procedures")).StatusCode);
    }

    [Fact]
    public async Task A_case_walks_from_open_through_its_documents_to_completed_with_events_and_audit()
    {
        var enterprise = await RegisterEnterprise("heping");
        var opened = await Open(Clerk, enterprise, "business-registration");
        var id = opened.GetProperty("id").GetGuid();
        Assert.Equal("received", opened.GetProperty("state").GetString());
        Assert.Equal("heping", opened.GetProperty("ward").GetString());
        Assert.Equal("new", opened.GetProperty("kind").GetString());
        Assert.Equal(1, opened.GetProperty("procedureVersion").GetInt32());
        Assert.False(opened.GetProperty("overdue").GetBoolean());
        Assert.Equal(4, opened.GetProperty("documents").EnumerateArray().Count(d => d.GetProperty("status").GetString() == "missing"));

        // The due date is the procedure's three working days counted by the calendar from the moment of opening.
        var openedAt = opened.GetProperty("openedAt").GetDateTimeOffset();
        var expected = WorkingDayCalendar.China.Deadline(openedAt, 3);
        Assert.Equal(expected.DueDate, DateOnly.Parse(opened.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.DueBy, opened.GetProperty("dueBy").GetDateTimeOffset());

        await Ok(await Transition(id, "start"));
        var waiting = await Ok(await Transition(id, "request-documents"));
        Assert.Equal("waiting_for_documents", waiting.GetProperty("state").GetString());
        await Document(id, "application-form", "received");
        await Document(id, "articles-of-association", "received");
        await Document(id, "legal-representative-id", "received");
        var waived = await Document(id, "premises-proof", "waived", "家庭住所登记，无需场地证明");
        Assert.Equal("家庭住所登记，无需场地证明", waived.GetProperty("documents")[3].GetProperty("waiverReason").GetString());
        await Ok(await Transition(id, "ResumeWork"));
        var completed = await Ok(await Transition(id, "complete"));
        Assert.Equal("completed", completed.GetProperty("state").GetString());
        Assert.Equal(["start", "request_documents", "resume_work", "complete"],
            completed.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("action").GetString()));
        Assert.Equal("counter_staff.heping", completed.GetProperty("history")[0].GetProperty("actor").GetString());
        Assert.Equal(["reopen"], completed.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        // The checklist is frozen once the case is closed.
        using var frozen = await Clerk.PostAsJsonAsync($"{Cases}/{id}/documents/application-form", new { status = "missing" });
        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);

        var read = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");
        Assert.Equal("completed", read.GetProperty("state").GetString());
        Assert.False(read.GetProperty("overdue").GetBoolean());

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(
            ["case.opened", "case.start", "case.requestdocuments", "case.document.received", "case.document.received", "case.document.received",
             "case.document.waived", "case.resumework", "case.complete"],
            await db.QueryAsync<string>("SELECT action FROM audit_log WHERE entity_id = @id ORDER BY id", new { id = id.ToString() }));
        var events = (await db.QueryAsync<(string Type, string Payload)>(
            "SELECT message_type, payload::text FROM outbox_messages WHERE payload->>'caseId' = @id ORDER BY position", new { id = id.ToString() })).ToList();
        Assert.Equal(
            ["SmePlatform.Contracts.OneStop.CaseOpened", .. Enumerable.Repeat("SmePlatform.Contracts.OneStop.CaseStateChanged", 4)],
            events.Select(e => e.Type));
        var last = JsonDocument.Parse(events[^1].Payload).RootElement;
        Assert.Equal("Complete", last.GetProperty("action").GetString());
        Assert.Equal("InProgress", last.GetProperty("from").GetString());
        Assert.Equal("Completed", last.GetProperty("to").GetString());
        Assert.Equal(enterprise, last.GetProperty("enterpriseId").GetGuid());
    }

    [Fact]
    public async Task A_case_with_a_missing_document_cannot_complete_and_nothing_changes()
    {
        var id = (await Open(Clerk, await RegisterEnterprise("heping"), "finance-consulting")).GetProperty("id").GetGuid();
        await Ok(await Transition(id, "start"));
        await Document(id, "business-licence", "received");

        using var response = await Transition(id, "complete");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/documents-missing", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("documents-missing", problem.GetProperty("code").GetString());
        Assert.Contains("Financial statements", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var read = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}");
        Assert.Equal("in_progress", read.GetProperty("state").GetString());
        Assert.Equal(1, read.GetProperty("history").GetArrayLength());

        // Waiving without a reason is a field error.
        using var waive = await Clerk.PostAsJsonAsync($"{Cases}/{id}/documents/financial-statements", new { status = "waived" });
        Assert.Equal(HttpStatusCode.BadRequest, waive.StatusCode);
        Assert.True((await waive.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        using var unknown = await Clerk.PostAsJsonAsync($"{Cases}/{id}/documents/no-such-document", new { status = "received" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task A_withdrawn_case_cannot_reopen_and_reasons_are_required()
    {
        var id = (await Open(Clerk, await RegisterEnterprise("heping"), "training", "renewal")).GetProperty("id").GetGuid();

        using var noReason = await Transition(id, "withdraw");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        using var badAction = await Transition(id, "teleport");
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        Assert.True((await badAction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("action", out _));

        var withdrawn = await Ok(await Transition(id, "withdraw", "企业主动撤回申请"));
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        Assert.Equal("企业主动撤回申请", withdrawn.GetProperty("history")[0].GetProperty("reason").GetString());

        using var reopen = await Transition(id, "reopen", "企业改变主意");
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        var problem = await reopen.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("withdrawn-cannot-reopen", problem.GetProperty("code").GetString());
        Assert.Equal("withdrawn", (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}")).GetProperty("state").GetString());

        using var illegal = await Transition(id, "start");
        Assert.Equal(HttpStatusCode.Conflict, illegal.StatusCode);
        Assert.Equal("illegal-case-transition", (await illegal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Another_wards_clerk_cannot_open_see_or_move_a_case_and_it_is_absent_from_their_list()
    {
        var enterprise = await RegisterEnterprise("heping");
        var id = (await Open(Clerk, enterprise, "technology")).GetProperty("id").GetGuid();
        using var other = As("counter_staff", "shenhe");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Cases}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action = "start" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.PostAsJsonAsync($"{Cases}/{id}/documents/business-licence", new { status = "received" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.PostAsJsonAsync(Cases, new { enterpriseId = enterprise, procedureCode = "technology" })).StatusCode);

        Assert.Empty((await other.GetFromJsonAsync<JsonElement>(Cases)).GetProperty("items").EnumerateArray());
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"{Cases}?ward=heping")).GetProperty("items").EnumerateArray());
        Assert.Equal([id], (await Clerk.GetFromJsonAsync<JsonElement>(Cases)).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        using var office = As("sme_office");
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"{Cases}/{id}")).StatusCode);
        Assert.Single((await office.GetFromJsonAsync<JsonElement>($"{Cases}?ward=heping")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"{Cases}/{id}/transitions", new { action = "start" })).StatusCode);
        using var advisor = As("advisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await advisor.GetAsync(Cases)).StatusCode);

        // The state is unchanged by the refused calls.
        Assert.Equal("received", (await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Opening_validates_its_input()
    {
        var enterprise = await RegisterEnterprise("heping");
        using var empty = await Clerk.PostAsJsonAsync(Cases, new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var errors = (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("enterpriseId", out _));
        Assert.True(errors.TryGetProperty("procedureCode", out _));

        using var unknown = await Clerk.PostAsJsonAsync(Cases, new { enterpriseId = enterprise, procedureCode = "astrology" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var kind = await Clerk.PostAsJsonAsync(Cases, new { enterpriseId = enterprise, procedureCode = "training", kind = "forever" });
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        using var nobody = await Clerk.PostAsJsonAsync(Cases, new { enterpriseId = Guid.NewGuid(), procedureCode = "training" });
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM cases"));
    }

    [Fact]
    public async Task The_overdue_filter_lists_open_cases_past_their_due_date()
    {
        var enterprise = await RegisterEnterprise("heping");
        var sameDay = await Open(Clerk, enterprise, "information-consulting");
        var sameDayId = sameDay.GetProperty("id").GetGuid();
        var openedAt = sameDay.GetProperty("openedAt").GetDateTimeOffset();
        Assert.Equal(WorkingDayCalendar.China.Deadline(openedAt, 0).DueBy, sameDay.GetProperty("dueBy").GetDateTimeOffset());
        var late = (await Open(Clerk, enterprise, "approvals-permissions")).GetProperty("id").GetGuid();
        var closedLate = (await Open(Clerk, enterprise, "partnership")).GetProperty("id").GetGuid();
        await Ok(await Transition(closedLate, "reject", "不符合条件"));

        Assert.Empty((await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true")).GetProperty("items").EnumerateArray());

        // Move two cases' clocks into the past, as if opened weeks ago: only the open one is overdue.
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            await db.ExecuteAsync(
                "UPDATE cases SET opened_at = opened_at - interval '60 days', due_date = due_date - 40, due_by = due_by - interval '40 days' WHERE id = ANY(@ids)",
                new { ids = new[] { late, closedLate } });
        }

        var overdue = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true");
        Assert.Equal([late], overdue.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.True(overdue.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
        Assert.True(overdue.GetProperty("items")[0].GetProperty("remainingWorkingDays").GetInt32() < 0);

        var notOverdue = await Clerk.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=false&state=received");
        Assert.Equal([sameDayId], notOverdue.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));

        using var office = As("sme_office");
        Assert.Single((await office.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true&ward=heping")).GetProperty("items").EnumerateArray());
        using var other = As("counter_staff", "shenhe");
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"{Cases}?overdue=true")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.GetAsync($"{Cases}?overdue=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.GetAsync($"{Cases}?state=sleeping")).StatusCode);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_with_412()
    {
        var id = (await Open(Clerk, await RegisterEnterprise("heping"), "diagnosis")).GetProperty("id").GetGuid();
        using var read = await Clerk.GetAsync($"{Cases}/{id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        await Ok(await Transition(id, "start"));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Cases}/{id}/transitions") { Content = JsonContent.Create(new { action = "refer" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var stale = await Clerk.SendAsync(request);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }
}
