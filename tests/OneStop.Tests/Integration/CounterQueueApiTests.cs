using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>The ward counters' walk-in queue over HTTP: tickets, their steps, the queue, the day's figures, and ward scope.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CounterQueueApiTests(InfrastructureFixture infra) : OneStopApiTest(infra)
{
    private const string Heping = "/api/onestop/counters/heping";

    private async Task<JsonElement> Issue(string reason, Guid? enterpriseId = null)
    {
        using var response = await Clerk.PostAsJsonAsync($"{Heping}/tickets", new { reason, enterpriseId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> Step(Guid id, string step, object? body = null)
    {
        using var response = await Clerk.PostAsJsonAsync($"{Heping}/tickets/{id}/{step}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid> RegisterEnterprise(string ward)
    {
        using var admin = As("admin");
        return (await admin.RegisterEnterpriseAsync(new TestEnterprise { Name = "沈阳柜台测试有限公司", Ward = ward })).Id;
    }

    [Fact]
    public async Task A_visitor_walks_from_ticket_to_done_and_the_day_has_figures()
    {
        var enterprise = await RegisterEnterprise("heping");
        var first = await Issue("营业执照变更", enterprise);
        var second = await Issue("融资咨询");
        Assert.Equal("HP-001", first.GetProperty("number").GetString());
        Assert.Equal("HP-002", second.GetProperty("number").GetString());
        Assert.Equal("waiting", first.GetProperty("state").GetString());
        Assert.Equal(enterprise, first.GetProperty("enterpriseId").GetGuid());

        var queue = await Clerk.GetFromJsonAsync<JsonElement>($"{Heping}/queue");
        Assert.Equal(2, queue.GetProperty("waiting").GetInt32());
        Assert.Equal(["HP-001", "HP-002"], queue.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()));

        var id = first.GetProperty("id").GetGuid();
        var called = await Step(id, "call", new { counter = "3号窗口" });
        Assert.Equal("called", called.GetProperty("state").GetString());
        Assert.Equal("counter_staff.heping", called.GetProperty("staff").GetString());
        Assert.Equal("3号窗口", called.GetProperty("counter").GetString());
        await Step(id, "start");
        var done = await Step(id, "finish");
        Assert.Equal("done", done.GetProperty("state").GetString());

        using var next = await Clerk.PostAsJsonAsync($"{Heping}/queue/call-next", new { });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var nextTicket = await next.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("HP-002", nextTicket.GetProperty("number").GetString());
        await Step(nextTicket.GetProperty("id").GetGuid(), "no-show");

        Assert.Empty((await Clerk.GetFromJsonAsync<JsonElement>($"{Heping}/queue")).GetProperty("tickets").EnumerateArray());
        using var office = As("sme_office");
        var figures = await office.GetFromJsonAsync<JsonElement>($"{Heping}/figures");
        Assert.Equal(2, figures.GetProperty("issued").GetInt32());
        Assert.Equal(1, figures.GetProperty("served").GetInt32());
        Assert.Equal(1, figures.GetProperty("noShows").GetInt32());
        Assert.Equal(2, figures.GetProperty("waitTime").GetProperty("count").GetInt32());
        Assert.Equal(1, figures.GetProperty("serviceTime").GetProperty("count").GetInt32());

        var empty = await office.GetFromJsonAsync<JsonElement>($"{Heping}/figures?date=2025-01-02");
        Assert.Equal(0, empty.GetProperty("issued").GetInt32());
        Assert.False(empty.GetProperty("waitTime").TryGetProperty("mean", out _));

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(["ticket.issued", "ticket.call", "ticket.startservice", "ticket.finish"], await db.QueryAsync<string>(
            "SELECT action FROM audit_log WHERE entity_id = @id ORDER BY id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task An_illegal_step_is_a_conflict_and_changes_nothing()
    {
        var id = (await Issue("咨询")).GetProperty("id").GetGuid();
        using var response = await Clerk.PostAsJsonAsync($"{Heping}/tickets/{id}/finish", new { });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/illegal-ticket-transition", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(["call"], problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("waiting", (await Clerk.GetFromJsonAsync<JsonElement>($"{Heping}/queue")).GetProperty("tickets")[0].GetProperty("state").GetString());

        using var empty = As("counter_staff", "faku");
        Assert.Equal(HttpStatusCode.Conflict, (await empty.PostAsJsonAsync("/api/onestop/counters/faku/queue/call-next", new { })).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_field_errors_and_takes_no_number()
    {
        var otherWards = await RegisterEnterprise("dadong");
        foreach (var (body, field) in new (object, string)[]
        {
            (new { reason = "" }, "reason"),
            (new { reason = new string('x', 201) }, "reason"),
            (new { reason = "咨询", enterpriseId = otherWards }, "enterpriseId"),
            (new { reason = "咨询", enterpriseId = Guid.CreateVersion7() }, "enterpriseId"),
        })
        {
            using var response = await Clerk.PostAsJsonAsync($"{Heping}/tickets", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal("HP-001", (await Issue("咨询")).GetProperty("number").GetString());
        using var badDate = await Clerk.GetAsync($"{Heping}/figures?date=14.03.2025");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        var id = (await Issue("咨询")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, (await Clerk.PostAsJsonAsync($"{Heping}/tickets/{id}/call", new { counter = new string('x', 21) })).StatusCode);
    }

    [Fact]
    public async Task Another_wards_counter_and_tickets_are_not_found_for_counter_staff()
    {
        var id = (await Issue("咨询")).GetProperty("id").GetGuid();
        using var dadong = As("counter_staff", "dadong");

        Assert.Equal(HttpStatusCode.NotFound, (await dadong.PostAsJsonAsync($"{Heping}/tickets", new { reason = "咨询" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.PostAsJsonAsync($"{Heping}/tickets/{id}/call", new { })).StatusCode);
        // Through its own ward's route, the other ward's ticket does not exist either.
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.PostAsJsonAsync($"/api/onestop/counters/dadong/tickets/{id}/call", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync($"{Heping}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dadong.GetAsync($"{Heping}/figures")).StatusCode);
        Assert.Empty((await dadong.GetFromJsonAsync<JsonElement>("/api/onestop/counters/dadong/queue")).GetProperty("tickets").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Clerk.GetAsync("/api/onestop/counters/pudong/queue")).StatusCode);

        using var office = As("sme_office");
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"{Heping}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"{Heping}/tickets", new { reason = "咨询" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"{Heping}/tickets/{id}/call", new { })).StatusCode);
        using var examiner = As("examiner");
        Assert.Equal(HttpStatusCode.Forbidden, (await examiner.GetAsync($"{Heping}/queue")).StatusCode);
        using var admin = As("admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Heping}/tickets/{id}/call", new { })).StatusCode);
    }

    [Fact]
    public async Task Tickets_issued_at_once_get_distinct_consecutive_numbers()
    {
        var tickets = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Issue("咨询")));
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"HP-{n:000}"), tickets.Select(t => t.GetProperty("number").GetString()).Order());
    }
}
