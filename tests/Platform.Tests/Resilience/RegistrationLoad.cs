using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests.Resilience;

/// <summary>
/// Clients registering enterprises through the gateway while an experiment breaks something, as a careful integrator
/// does: each registration with its own Idempotency-Key, remembered with its body until the platform has answered it.
/// Afterwards <see cref="RetryAllAsync"/> retries every one with the same key and body, acknowledged or not, which is
/// what the API's contract tells a client unsure of an answer to do.
/// </summary>
internal sealed class RegistrationLoad(PlatformFixture platform, string ward, string region, int clients = 4) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TestEnterprise> sent = new();
    private readonly CancellationTokenSource stop = new();
    private Task[] workers = [];

    /// <summary>Idempotency-Key → the enterprise id the client was given (201).</summary>
    public ConcurrentDictionary<string, Guid> Acknowledged { get; } = new();

    /// <summary>Idempotency-Key → the problem a 5xx answer carried.</summary>
    public ConcurrentDictionary<string, JsonElement> Failed { get; } = new();

    public int Attempted => sent.Count;

    public TestEnterprise Sent(string key) => sent[key];

    public void Start() => workers = [.. Enumerable.Range(0, clients).Select(_ => Task.Run(RegisterUntilStoppedAsync))];

    public Task UntilAcknowledgedAsync(int count, string why) =>
        Poll.UntilAsync(() => Task.FromResult(Acknowledged.Count), n => n >= count, TimeSpan.FromSeconds(120), why);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    /// <summary>Retries every registration ever sent with its key and body until it is answered 201; key → id.</summary>
    public async Task<IReadOnlyDictionary<string, Guid>> RetryAllAsync()
    {
        var answered = new Dictionary<string, Guid>();
        foreach (var (key, enterprise) in sent)
        {
            answered[key] = await Poll.UntilAsync(async () =>
            {
                using var response = await PostAsync(key, enterprise, CancellationToken.None);
                return response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
                    : Guid.Empty; // 429, or 502/503 while a service comes back: not yet
            }, id => id != Guid.Empty, TimeSpan.FromSeconds(90), $"the retry of registration {key} to be answered 201");
        }

        return answered;
    }

    /// <summary>The enterprise as the register answers it now, after any 429 has passed.</summary>
    public async Task<HttpResponseMessage> ReadAsync(Guid id)
    {
        while (true)
        {
            var response = await platform.Gateway.GetAsync($"{TestEnterprises.Path}/{id}");
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            response.Dispose();
        }
    }

    /// <summary>The ward's active enterprises as the statistics registry counts them (the downstream consumer).</summary>
    public Task<int> CountedDownstreamAsync() => StatisticsRegister.CountOfAsync(platform, ward);

    /// <summary>Polls <paramref name="url"/> until its readiness answers <paramref name="status"/>; how long that took.</summary>
    public static async Task<TimeSpan> UntilReadinessAsync(Uri url, HttpStatusCode status, string why)
    {
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                return response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HttpStatusCode.ServiceUnavailable; // not listening is not ready
            }
        }, answer => answer == status, TimeSpan.FromSeconds(120), why);
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        stop.Dispose();
    }

    private async Task RegisterUntilStoppedAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            // Bounded load (about 2 registrations a second per client): enough to have writes in flight at every
            // moment of an outage, few enough that retrying and reading them all afterwards stays quick.
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var key = Guid.NewGuid().ToString();
            var uscc = TestUscc.New(region);
            var enterprise = new TestEnterprise { Uscc = uscc, Name = "沈阳韧性试验" + uscc[^8..] + "有限公司", Ward = ward };
            sent[key] = enterprise;
            try
            {
                using var response = await PostAsync(key, enterprise, stop.Token);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("id").GetGuid();
                }
                else if ((int)response.StatusCode >= 500)
                {
                    Failed[key] = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
                    // As a client told Retry-After would: not hammering a platform that said it is away.
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500), stop.Token);
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stop.Token);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Cut off in flight: not acknowledged; RetryAllAsync retries it.
            }
        }
    }

    private Task<HttpResponseMessage> PostAsync(string key, TestEnterprise enterprise, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TestEnterprises.Path) { Content = JsonContent.Create(enterprise) };
        request.Headers.Add("Idempotency-Key", key);
        return platform.As("admin").SendAsync(request, cancellationToken);
    }
}
