using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.Testing;
using Xunit.Abstractions;

namespace SmePlatform.Platform.Tests;

/// <summary>
/// "No lost or duplicated application" when the guarantee service dies: a partner bank submits through the gateway while
/// CreditGuarantee is SIGKILLed, then retries every submission it is unsure of with the same Idempotency-Key, as the
/// contract tells it to. Every acknowledged application is there under the id the bank was given, every key is one
/// application, and OneStop's timeline hears of each application's submission exactly once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GuaranteeCrashTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string Applications = "/api/bank/v1/applications";

    // A bank few other tests use, so that its lists in those tests are not crowded by this one's applications.
    private const string Bank = "sy-commercial-bank";

    private static object Application(string uscc, string key) => new
    {
        applicationKey = key,
        uscc,
        loanAmount = 300_000m,
        termMonths = 12,
        purpose = "working_capital",
        programme = "standard",
        instalments = new { type = "bullet" },
        requestedCoverage = 0.80m,
    };

    private async Task<HttpResponseMessage> PostAsync(string key, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Applications) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await platform.As(Bank).SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task Killing_CreditGuarantee_during_bank_submissions_loses_no_acknowledged_application_and_retries_make_no_duplicates()
    {
        // One borrower for all: after the first, anti-splitting declines them at screening, but each is still an
        // application stored and announced, which is what this test counts.
        var uscc = await platform.RegisterTiexiManufacturerAsync("沈阳崩溃测试机械有限公司");
        var run = Guid.NewGuid().ToString("N")[..8];
        var sent = new ConcurrentDictionary<string, object>();    // Idempotency-Key → body, for every attempt
        var acknowledged = new ConcurrentDictionary<string, Guid>(); // Idempotency-Key → the id the bank was given
        var failed = new ConcurrentDictionary<string, JsonElement>(); // Idempotency-Key → the gateway's problem for it
        using var stop = new CancellationTokenSource();

        async Task Submit()
        {
            while (!stop.IsCancellationRequested)
            {
                var key = Guid.NewGuid().ToString();
                var body = Application(uscc, $"CRASH-{run}-{key[..13]}");
                sent[key] = body;
                try
                {
                    using var response = await PostAsync(key, body, stop.Token);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop.Token);
                    }
                    else if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetGuid();
                    }
                    else if ((int)response.StatusCode >= 500)
                    {
                        failed[key] = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // In flight when CreditGuarantee died: not acknowledged; the bank retries it below.
                }
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Submit)).ToArray();
        await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count), n => n >= 40, TimeSpan.FromSeconds(120), "40 acknowledged submissions");
        platform.Kill("guarantee");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        await using var guarantee = new NpgsqlConnection(platform.DatabaseOf("guarantee"));
        var pendingAtCrash = await guarantee.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL");
        output.WriteLine($"attempted {sent.Count}, acknowledged {acknowledged.Count}, answered 5xx {failed.Count}, unpublished outbox rows at the crash {pendingAtCrash}");

        // What the gateway said of the requests the crash cut off is true: each is a typed problem, and what it calls
        // "not applied" is not stored.
        Assert.All(failed.Values, problem => Assert.StartsWith("downstream-", problem.GetProperty("code").GetString(), StringComparison.Ordinal));
        var notApplied = failed.Where(f => !f.Value.GetProperty("mayHaveBeenApplied").GetBoolean())
            .Select(f => ((JsonElement)JsonSerializer.SerializeToElement(sent[f.Key])).GetProperty("applicationKey").GetString()).ToArray();
        Assert.Equal(0, await guarantee.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM applications WHERE bank_id = @bank AND bank_application_key = ANY(@notApplied)", new { bank = Bank, notApplied }));

        await platform.StartAsync("guarantee");

        // The bank retries every submission, acknowledged or not, with the same key and body.
        var answered = new Dictionary<string, Guid>();
        foreach (var (key, body) in sent)
        {
            answered[key] = await Poll.UntilAsync(async () =>
            {
                using var response = await PostAsync(key, body, CancellationToken.None);
                return response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
                    : Guid.Empty; // 429 or the gateway's 502/503 while the service warms up: not yet
            }, id => id != Guid.Empty, TimeSpan.FromSeconds(60), $"the retry of {key} to be answered 201");
        }

        // Each acknowledged submission answers again with the id it was first given.
        foreach (var (key, id) in acknowledged)
        {
            Assert.Equal(id, answered[key]);
        }

        // Exactly one application per key, no more, no fewer.
        var stored = (await guarantee.QueryAsync<(Guid Id, string Key)>(
            "SELECT id, bank_application_key FROM applications WHERE bank_id = @bank AND bank_application_key LIKE @prefix",
            new { bank = Bank, prefix = $"CRASH-{run}-%" })).ToList();
        Assert.Equal(sent.Count, stored.Count);
        Assert.Equal(answered.Values.ToHashSet(), stored.Select(s => s.Id).ToHashSet());

        // The restarted relay publishes what the dead one had not; OneStop's inbox absorbs what it published twice.
        await Poll.UntilAsync(
            async () => await guarantee.ExecuteScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"),
            pending => pending == 0, TimeSpan.FromSeconds(60), "the restarted relay to publish every row");
        await using var onestop = new NpgsqlConnection(platform.DatabaseOf("onestop"));
        var references = stored.Select(s => s.Id.ToString()).ToArray();
        const string Announced =
            "SELECT reference, count(*)::int FROM enterprise_timeline WHERE kind = 'guarantee.application-submitted' AND reference = ANY(@references) GROUP BY reference";
        var perApplication = await Poll.UntilAsync(
            async () => (await onestop.QueryAsync<(string Reference, int Entries)>(Announced, new { references })).ToList(),
            rows => rows.Count == references.Length, TimeSpan.FromSeconds(60), $"OneStop's timeline to hear of all {references.Length} submissions");
        Assert.All(perApplication, row => Assert.Equal(1, row.Entries));
    }
}
