using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.Messaging;

public sealed class OutboxRelayOptions
{
    /// <summary>Rows claimed per transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How often to look for rows when no commit in this process signalled (other replicas, restarts).</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;
}

/// <summary>
/// Publishes committed outbox rows to RabbitMQ in insert order. Rows are claimed with FOR UPDATE SKIP LOCKED so several replicas
/// relay side by side without publishing the same row concurrently; a row is marked published in the claiming
/// transaction only after the broker confirmed it. A crash between confirm and commit republishes the row with
/// the same message id (at-least-once), which the consumers' inboxes absorb.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    OutboxSignal signal,
    IBus bus,
    MessageTypes messageTypes,
    IOptions<OutboxRelayOptions> options,
    OutboxRelayHealth health,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public static readonly ActivitySource Source = new("SmePlatform.Messaging.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await RelayBatchAsync(stoppingToken);
                failures = 0;
                health.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // Database or broker down: the rows wait safely in the outbox. Back off, but never longer than MaxBackOff,
                // so that the backlog starts flowing within about a second of the dependency's return, at any outage
                // length. One line per failure, no stack trace:
                // readiness reports the outage.
                failures++;
                var reason = Innermost(exception).Message;
                health.Failed(reason);
                LogRelayFailed(logger, failures, reason);
                if (!await PauseAsync(BackOff(failures), stoppingToken))
                {
                    return;
                }

                continue;
            }

            if (published < options.Value.BatchSize
                && !await PauseAsync(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), stoppingToken, signal))
            {
                return;
            }
        }
    }

    /// <summary>The longest wait between attempts while the database or the broker is away.</summary>
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(1);

    /// <summary>250 ms, 500 ms, then MaxBackOff.</summary>
    public static TimeSpan BackOff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackOff.TotalMilliseconds, 125 * Math.Pow(2, Math.Min(failures, 10))));

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    /// <summary>Waits for the time or, given a signal, until a commit signals; false when the host is stopping.</summary>
    private static async Task<bool> PauseAsync(TimeSpan time, CancellationToken stoppingToken, OutboxSignal? wakeUp = null)
    {
        try
        {
            if (wakeUp is null)
            {
                await Task.Delay(time, stoppingToken);
            }
            else
            {
                await wakeUp.WaitAsync(time, stoppingToken);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Claims and publishes one batch; returns how many rows were published.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            """
            SELECT id, message_type, payload::text AS payload, trace_parent
            FROM outbox_messages
            WHERE published_at IS NULL
            ORDER BY position
            LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """,
            new { batch = options.Value.BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return 0;
        }

        var published = new List<Guid>(rows.Count);
        Exception? failure = null;
        Guid? failedId = null;
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(row, cancellationToken);
                published.Add(row.Id);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Keep order: stop at the first failure, record it, and retry the rest in the next round.
                failure = exception;
                failedId = row.Id;
                break;
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE outbox_messages SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(@ids)",
            new { ids = published.ToArray() }, transaction, cancellationToken: cancellationToken));
        if (failedId is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @error WHERE id = @id",
                new { id = failedId, error = failure!.GetType().Name + ": " + failure.Message }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        if (failure is not null)
        {
            throw new InvalidOperationException($"Publishing outbox message {failedId} failed.", failure);
        }

        return published.Count;
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var type = messageTypes.Find(row.MessageType)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has unknown type {row.MessageType}.");
        var message = JsonSerializer.Deserialize(row.Payload, type, MessageJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty payload.");

        // Continue the trace of the request that wrote the row, so request → publish → consume is one trace.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity($"{type.Name} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);
        await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed ({Failures} in a row), retrying: {Reason}")]
    private static partial void LogRelayFailed(ILogger logger, int failures, string reason);

    private sealed record OutboxRow(Guid Id, string MessageType, string Payload, string? TraceParent);
}
