using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;
using SmePlatform.CreditGuarantee.Application.Notifications;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// Webhooks against the real service and PostgreSQL, delivered to a receiver on a loopback port: signatures, retries with
/// backoff (the dispatcher's clock is moved, nothing sleeps through a backoff), the delivery log, replay, the 24-hour cut-off.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WebhookTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    private const string Webhook = "/api/bank/v1/webhook";
    private const string Deliveries = "/api/bank/v1/webhook/deliveries";

    private WebhookReceiver receiver = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<string> RegisterAsync(HttpClient bank)
    {
        using var response = await bank.PutAsJsonAsync(Webhook, new { url = receiver.Url.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("secret").GetString()!;
    }

    private async Task<JsonElement> DeliveryOfAsync(Guid eventId)
    {
        var page = await Bank.GetFromJsonAsync<JsonElement>(Deliveries);
        return page.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("eventId").GetGuid() == eventId);
    }

    /// <summary>The bank's only status change after registration: the fund's question.</summary>
    private async Task<(Guid ApplicationId, Guid EventId)> QuestionAfterRegistrationAsync()
    {
        var id = await SubmitAsync(Bank);
        await RequestInformationAsync(id);
        await using var db = new NpgsqlConnection(Factory.ConnectionString);
        var eventId = await db.QuerySingleAsync<Guid>(
            "SELECT id FROM bank_events WHERE application_id = @id AND status_to = 'more_information_requested'", new { id });
        return (id, eventId);
    }

    /// <summary>The receiver's check exactly as docs/partner-bank-api.md shows it to banks (independent of the service's code).</summary>
    private static bool IsFromTheFund(string secret, string signatureHeader, byte[] body, DateTimeOffset now)
    {
        var parts = signatureHeader.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return parts.Where(p => p[0] == "v1")
            .Any(p => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), Encoding.ASCII.GetBytes(expected)));
    }

    /// <summary>
    /// Attempts whose answer is recorded. The delivery's "attempts" counts a claim as soon as it is taken, before the
    /// request is sent: moving the clock between the two would judge the retry against the moved clock.
    /// </summary>
    private static int RecordedAttempts(JsonElement delivery) => delivery.GetProperty("attemptLog").GetArrayLength();

    [Fact]
    public async Task A_delivery_is_signed_retried_with_backoff_until_the_receiver_accepts_and_every_attempt_is_logged()
    {
        var secret = await RegisterAsync(Bank);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        // The receiver fails the first two attempts of each event, then accepts.
        receiver.Answer = (_, nth) => nth <= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        var (applicationId, eventId) = await QuestionAfterRegistrationAsync();

        await Poll.UntilAsync(async () => RecordedAttempts(await DeliveryOfAsync(eventId)) >= 1, TimeSpan.FromSeconds(60), "the first attempt");
        var afterFirst = await DeliveryOfAsync(eventId);
        Assert.Equal("pending", afterFirst.GetProperty("state").GetString());
        Assert.Equal(503, afterFirst.GetProperty("lastStatusCode").GetInt32());
        var nextAttempt = afterFirst.GetProperty("nextAttemptAt").GetDateTimeOffset();
        // Backoff: the first retry waits between half and all of 30 s (jitter), so nothing more happens until the clock moves.
        Assert.InRange(nextAttempt - afterFirst.GetProperty("attemptLog")[0].GetProperty("attemptedAt").GetDateTimeOffset(),
            TimeSpan.FromSeconds(14), TimeSpan.FromSeconds(31));
        Assert.Single(receiver.Requests, r => r.EventId == eventId.ToString());

        Clock.Advance(TimeSpan.FromSeconds(31));
        await Poll.UntilAsync(async () => RecordedAttempts(await DeliveryOfAsync(eventId)) >= 2, TimeSpan.FromSeconds(60), "the second attempt");
        Clock.Advance(TimeSpan.FromSeconds(61));
        var delivered = await Poll.UntilAsync(() => DeliveryOfAsync(eventId), d => d.GetProperty("state").GetString() == "delivered",
            TimeSpan.FromSeconds(60), "the delivery to succeed");

        Assert.Equal(3, delivered.GetProperty("attempts").GetInt32());
        Assert.Equal([503, 503, 200], delivered.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.False(delivered.TryGetProperty("nextAttemptAt", out _));
        Assert.Equal(applicationId, delivered.GetProperty("applicationId").GetGuid());

        // Every request is signed over "<t>.<body>" with the bank's secret, and the body is the feed's event.
        var requests = receiver.Requests.Where(r => r.EventId == eventId.ToString()).ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.True(IsFromTheFund(secret, r.Signature!, r.Body, DateTimeOffset.UtcNow));
            Assert.False(IsFromTheFund("whsec_another", r.Signature!, r.Body, DateTimeOffset.UtcNow));
            Assert.True(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
        });
        var body = JsonDocument.Parse(requests[^1].Body).RootElement;
        Assert.Equal(eventId, body.GetProperty("id").GetGuid());
        Assert.Equal("application.more_information_requested", body.GetProperty("type").GetString());
        Assert.Equal("Send the 2025 audited statements.", body.GetProperty("payload").GetProperty("informationRequest").GetProperty("question").GetString());
        // A tampered body fails verification.
        var tampered = requests[^1].Body.ToArray();
        tampered[^2] ^= 1;
        Assert.False(IsFromTheFund(secret, requests[^1].Signature!, tampered, DateTimeOffset.UtcNow));
        // A signature older than five minutes is refused (a replayed request).
        Assert.False(IsFromTheFund(secret, requests[^1].Signature!, requests[^1].Body, DateTimeOffset.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task After_24_hours_of_failures_a_delivery_is_failed_and_a_replay_delivers_it()
    {
        await RegisterAsync(Bank);
        var failing = true;
        receiver.Answer = (_, _) => failing ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
        var (_, eventId) = await QuestionAfterRegistrationAsync();
        await Poll.UntilAsync(async () => RecordedAttempts(await DeliveryOfAsync(eventId)) >= 1, TimeSpan.FromSeconds(60), "the first attempt");

        // A day later the next attempt fails too, and the window is over.
        Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var failed = await Poll.UntilAsync(() => DeliveryOfAsync(eventId), d => d.GetProperty("state").GetString() == "failed",
            TimeSpan.FromSeconds(60), "the delivery to be failed");
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        Assert.False(failed.TryGetProperty("nextAttemptAt", out _));
        var failedList = await Bank.GetFromJsonAsync<JsonElement>(Deliveries + "?state=failed");
        // The submission's three changes were delivered (and failed) the same way.
        Assert.Equal(4, failedList.GetProperty("items").GetArrayLength());
        Assert.Contains(failedList.GetProperty("items").EnumerateArray(), d => d.GetProperty("eventId").GetGuid() == eventId);

        failing = false;
        var id = failed.GetProperty("id").GetGuid();
        using var replay = await Bank.PostAsync($"{Deliveries}/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var delivered = await Poll.UntilAsync(() => DeliveryOfAsync(eventId), d => d.GetProperty("state").GetString() == "delivered",
            TimeSpan.FromSeconds(60), "the replayed delivery");
        Assert.Equal([500, 500, 204], delivered.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));

        // Another bank cannot see or replay it.
        Assert.Equal(HttpStatusCode.NotFound, (await OtherBank.PostAsync($"{Deliveries}/{id}/replay", null)).StatusCode);
        var theirs = await OtherBank.GetFromJsonAsync<JsonElement>(Deliveries);
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_webhook_is_read_without_its_secret_changed_rotated_and_removed()
    {
        var secret = await RegisterAsync(Bank);

        var read = await Bank.GetFromJsonAsync<JsonElement>(Webhook);
        Assert.Equal(receiver.Url.ToString(), read.GetProperty("url").GetString());
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, read.GetRawText(), StringComparison.Ordinal);

        using var same = await Bank.PutAsJsonAsync(Webhook, new { url = receiver.Url.ToString() });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.False((await same.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("secret", out _));

        using var rotated = await Bank.PutAsJsonAsync(Webhook, new { url = receiver.Url.ToString(), rotateSecret = true });
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString();
        Assert.NotEqual(secret, newSecret);

        Assert.Equal(HttpStatusCode.NotFound, (await OtherBank.GetAsync(Webhook)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Bank.DeleteAsync(Webhook)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Bank.GetAsync(Webhook)).StatusCode);

        // Without a webhook, changes still reach the feed but no delivery is created.
        await QuestionAfterRegistrationAsync();
        Assert.Empty((await Bank.GetFromJsonAsync<JsonElement>(Deliveries)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("ftp://bank.example/hook")]
    [InlineData("not a url")]
    [InlineData("https://user:pw@127.0.0.1/hook")]
    public async Task A_url_that_is_not_an_https_url_is_a_field_error(string url)
    {
        using var response = await Bank.PutAsJsonAsync(Webhook, new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["url"], Bodies.Errors(await response.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(HttpStatusCode.NotFound, (await Bank.GetAsync(Webhook)).StatusCode);
    }

    [Fact]
    public async Task Only_banks_use_webhooks()
    {
        using var anonymous = Factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Webhook)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync(Webhook, new { url = receiver.Url.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.PutAsJsonAsync(Webhook, new { url = receiver.Url.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.GetAsync(Deliveries)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.PostAsync($"{Deliveries}/{Guid.NewGuid()}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Li.DeleteAsync(Webhook)).StatusCode);
    }
}

/// <summary>Outside Development: plain http and internal addresses are refused (SSRF), at registration and on connection.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WebhookAddressTests(InfrastructureFixture infra) : NotificationsTest(infra)
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Webhooks:AllowLoopbackHttp"] = "false",
        ["Webhooks:AllowPrivateAddresses"] = "false",
    };

    [Theory]
    [InlineData("http://127.0.0.1:8443/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.1.10/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://8.8.8.8/hook")]
    public async Task An_internal_address_or_plain_http_is_a_field_error(string url)
    {
        using var response = await Bank.PutAsJsonAsync("/api/bank/v1/webhook", new { url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["url"], Bodies.Errors(problem));
    }

    [Fact]
    public async Task A_delivery_to_an_internal_address_is_refused_on_connection()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // As if the bank's name had resolved to a public address at registration and to loopback now (DNS rebinding).
        await using (var db = new NpgsqlConnection(Factory.ConnectionString))
        {
            await db.ExecuteAsync("INSERT INTO bank_webhooks VALUES ('ccb-shenyang', @url, 'whsec_test', now(), now())", new { url = receiver.Url.ToString() });
        }

        var id = await SubmitAsync(Bank);
        var attempt = await Poll.UntilAsync(async () =>
        {
            await using var db = new NpgsqlConnection(Factory.ConnectionString);
            return await db.QueryFirstOrDefaultAsync<(int? StatusCode, string? Error)?>(
                "SELECT status_code, error FROM webhook_attempts ORDER BY attempted_at LIMIT 1");
        }, a => a is not null, TimeSpan.FromSeconds(60), "a delivery attempt");

        Assert.Null(attempt!.Value.StatusCode);
        Assert.Contains("no address the fund calls", attempt.Value.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.NotEqual(Guid.Empty, id);
    }
}
