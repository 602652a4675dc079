using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using SmePlatform.CreditGuarantee.Data;

namespace SmePlatform.CreditGuarantee.Application.Notifications;

/// <summary>
/// Delivers bank events to the banks' webhooks: claims due deliveries (<see cref="WebhookStore.ClaimAsync"/>), POSTs each
/// event as JSON signed with the bank's secret, and records the attempt: a 2xx answer delivers it; anything else is
/// retried with exponential backoff and jitter until 24 hours after the delivery was created (or replayed), then it is
/// failed and stays replayable. At least once: a bank deduplicates on the event id. Order across events is not kept.
/// </summary>
public sealed partial class WebhookDispatcher(
    NpgsqlDataSource dataSource,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    [FromKeyedServices(WebhookOptions.ClockKey)] TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    /// <summary>Kept in the attempt log: enough to see what the receiver said, not a copy of its page.</summary>
    private const int MaxErrorLength = 300;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The database is away: nothing was claimed, or the lease brings the deliveries back later.
                LogDatabaseUnavailable(logger, e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug must not stop every bank's notifications (nor the host): the claimed deliveries come back when their lease ends.
                LogRoundFailed(logger, e);
            }

            if (sent < settings.BatchSize)
            {
                try
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claim, send concurrently, record. Returns how many deliveries it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await WebhookStore.ClaimAsync(dataSource, clock.GetUtcNow(), settings.Timeout + TimeSpan.FromSeconds(30), settings.BatchSize,
            cancellationToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = settings.BatchSize },
            async (delivery, ct) => await DeliverAsync(delivery, ct));
        return claimed.Count;
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null;
        if (delivery.Url is null || delivery.Secret is null)
        {
            error = "No webhook is registered.";
        }
        else
        {
            try
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(BankEventView.Of(delivery.Event), BankEventLog.Json);
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(delivery.Secret, started.ToUnixTimeSeconds(), body));
                request.Headers.Add(WebhookSignature.EventIdHeader, delivery.Event.Id.ToString());
                request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.Event.Type);
                request.Headers.Add(WebhookSignature.DeliveryIdHeader, delivery.Id.ToString());
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.Timeout);
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = Truncate($"HTTP {status} {response.ReasonPhrase}");
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"No answer within {settings.Timeout.TotalSeconds:0} s.";
            }
            catch (HttpRequestException e)
            {
                error = Truncate(e.Message);
            }
            catch (ExecutionRejectedException e)
            {
                // Not sent: the bank's endpoint failed so often that its breaker is open. Backed off like any failure.
                error = Truncate("Not sent: " + e.Message);
            }
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = null;
        if (status is not (>= 200 and < 300))
        {
            var next = now + settings.RetryDelay(delivery.Attempt, Random.Shared.NextDouble());
            retryAt = next <= delivery.GiveUpAt && delivery.Url is not null ? next : null;
        }

        // Recorded even when the host is stopping, so that a sent delivery is not sent again needlessly.
        await WebhookStore.RecordAttemptAsync(dataSource, delivery, started, status, error, (int)watch.ElapsedMilliseconds, retryAt, CancellationToken.None);
        if (error is not null)
        {
            LogAttemptFailed(logger, delivery.Id, delivery.Attempt, error, retryAt);
        }
    }

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch skipped a round: the database is unavailable.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook dispatch round failed.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} attempt {Attempt} failed: {Error}; next attempt {RetryAt}.")]
    private static partial void LogAttemptFailed(ILogger logger, Guid deliveryId, int attempt, string error, DateTimeOffset? retryAt);
}
