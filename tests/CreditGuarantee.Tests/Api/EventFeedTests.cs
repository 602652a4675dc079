using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>GET /api/bank/v1/events against the real service and PostgreSQL: order, cursor, payload, bank isolation, access.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EventFeedTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    private const string Events = "/api/bank/v1/events";

    private static async Task<JsonElement> PageAsync(HttpClient bank, string? after = null, int? limit = null)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add("after=" + Uri.EscapeDataString(after));
        }

        if (limit is not null)
        {
            query.Add("limit=" + limit);
        }

        using var response = await bank.GetAsync(Events + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reads the whole feed from the start in pages of <paramref name="limit"/>, until it has at least <paramref name="expected"/> events.</summary>
    private static Task<List<JsonElement>> ReadAllAsync(HttpClient bank, int expected, int limit) =>
        Poll.UntilAsync(async () =>
        {
            var all = new List<JsonElement>();
            string? cursor = null;
            while (true)
            {
                var page = await PageAsync(bank, cursor, limit);
                all.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
                Assert.True(page.GetProperty("items").GetArrayLength() <= limit);
                cursor = page.GetProperty("nextCursor").GetString();
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return all;
                }
            }
        }, all => all.Count >= expected, TimeSpan.FromSeconds(60), $"{expected} events in the feed");

    [Fact]
    public async Task Each_status_change_is_in_the_banks_feed_in_order_with_a_payload_to_act_on_and_the_cursor_resumes_after_it()
    {
        var first = await SubmitAsync(Bank);
        var second = await SubmitAsync(Bank);
        await RequestInformationAsync(first, "Send the 2025 audited statements.");

        // Submission: none → submitted → screening → under_examination (3 each); the question: 1. Pages of 2 cross every boundary.
        var events = await ReadAllAsync(Bank, 7, limit: 2);

        Assert.Equal(7, events.Count);
        Assert.Equal(7, events.Select(e => e.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal(
            [
                (first, "none", "submitted"), (first, "submitted", "screening"), (first, "screening", "under_examination"),
                (second, "none", "submitted"), (second, "submitted", "screening"), (second, "screening", "under_examination"),
                (first, "under_examination", "more_information_requested"),
            ],
            events.Select(e => (e.GetProperty("applicationId").GetGuid(), e.GetProperty("statusFrom").GetString(), e.GetProperty("statusTo").GetString())));
        var question = events[^1];
        Assert.Equal("application.more_information_requested", question.GetProperty("type").GetString());
        Assert.Equal("Send the 2025 audited statements.",
            question.GetProperty("payload").GetProperty("informationRequest").GetProperty("question").GetString());
        Assert.True(question.GetProperty("occurredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        // Staff identities and assignments stay inside the fund.
        Assert.DoesNotContain("examiner.li", string.Join(' ', events.Select(e => e.GetRawText())), StringComparison.Ordinal);

        // Resuming from the last cursor gives exactly what happened since.
        var end = await PageAsync(Bank);
        var cursor = (await PageAsync(Bank, limit: 500)).GetProperty("nextCursor").GetString()!;
        Assert.Empty((await PageAsync(Bank, cursor)).GetProperty("items").EnumerateArray());
        Assert.Equal(cursor, (await PageAsync(Bank, cursor)).GetProperty("nextCursor").GetString());
        await DeclineAsync(first);
        var next = await Poll.UntilAsync(() => PageAsync(Bank, cursor), p => p.GetProperty("items").GetArrayLength() > 0, TimeSpan.FromSeconds(60),
            "the decline in the feed");
        var declined = Assert.Single(next.GetProperty("items").EnumerateArray());
        Assert.Equal("application.declined", declined.GetProperty("type").GetString());
        var decision = declined.GetProperty("payload").GetProperty("decision");
        Assert.Equal("declined", decision.GetProperty("outcome").GetString());
        Assert.NotEmpty(decision.GetProperty("reasons").EnumerateArray());
        Assert.True(end.GetProperty("items").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_bank_sees_only_its_own_events()
    {
        var mine = await SubmitAsync(Bank);
        var theirs = await SubmitAsync(OtherBank);

        var myEvents = await ReadAllAsync(Bank, 3, limit: 100);
        var theirEvents = await ReadAllAsync(OtherBank, 3, limit: 100);

        Assert.All(myEvents, e => Assert.Equal(mine, e.GetProperty("applicationId").GetGuid()));
        Assert.All(theirEvents, e => Assert.Equal(theirs, e.GetProperty("applicationId").GetGuid()));
        Assert.Equal(3, myEvents.Count);
        Assert.Equal(3, theirEvents.Count);
    }

    [Fact]
    public async Task A_bad_cursor_or_limit_is_a_field_error()
    {
        using var response = await Bank.GetAsync(Events + "?after=not-a-cursor&limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["after", "limit"], Bodies.Errors(problem).Order());
    }

    [Fact]
    public async Task Only_banks_read_the_feed()
    {
        using var anonymous = Factory.Anonymous();
        using var clerk = Factory.ClientFor("counter_staff", subject: "clerk.zhao");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Events)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.GetAsync(Events)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(Events)).StatusCode);
    }

    [Fact]
    public async Task An_event_is_written_with_its_change_and_not_at_all_when_the_change_is_refused()
    {
        var id = await SubmitAsync(Bank);
        // Deciding before anyone took the application is refused: no event.
        var (refused, _) = await Li.PostJsonAsync($"{Examination}/{id}/decision", new { outcome = "decline", reason = "No." });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        Assert.Equal(3, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM bank_events WHERE application_id = @id", new { id }));
        Assert.Equal(3, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM application_history WHERE application_id = @id", new { id }) + 1);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_feed_and_the_webhook_endpoints()
    {
        using var anonymous = Factory.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/api/bank/v1/openapi.json");

        var paths = document.GetProperty("paths");
        var feed = paths.GetProperty("/api/bank/v1/events").GetProperty("get");
        Assert.Equal(["after", "limit"], feed.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        Assert.True(feed.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        var webhook = paths.GetProperty("/api/bank/v1/webhook");
        Assert.Equal(["delete", "get", "put"], webhook.EnumerateObject().Select(o => o.Name).Where(n => n is "get" or "put" or "delete").Order());
        Assert.True(paths.GetProperty("/api/bank/v1/webhook/deliveries").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/bank/v1/webhook/deliveries/{id}/replay").TryGetProperty("post", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("BankEventView", out _));
        Assert.True(schemas.TryGetProperty("DeliveryView", out _));
    }
}
