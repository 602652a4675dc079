using SmePlatform.OneStop.Data;

namespace SmePlatform.OneStop.Application.SizeRuleSets;

/// <summary>Wakes the worker when this replica publishes a version; other replicas' jobs are found by polling.</summary>
public sealed class ReclassificationSignal : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => semaphore.Dispose();
}

/// <summary>
/// Runs the open reclassification job batch after batch until it is finished or superseded. On start it finds a job
/// left open by a stopped or crashed process and continues after its last committed batch. A failed batch rolls
/// back, is recorded on the job (last_error) and retried after a pause. Several replicas may run it: the job row's
/// lock makes their batches take turns.
/// </summary>
public sealed class ReclassificationWorker(ReclassificationJobs jobs, ReclassificationSignal signal, IConfiguration configuration,
    ILogger<ReclassificationWorker> logger) : BackgroundService
{
    public const string BatchSizeKey = "OneStop:Reclassification:BatchSize";
    public const string EnabledKey = "OneStop:Reclassification:Enabled";
    public const int DefaultBatchSize = 2_000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(EnabledKey, true))
        {
            logger.LogInformation("Reclassification worker disabled on this replica ({Key})", EnabledKey);
            return;
        }

        var batchSize = Math.Max(1, configuration.GetValue(BatchSizeKey, DefaultBatchSize));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await jobs.FindOpenAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, batchSize, stoppingToken);
                    continue;
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Reclassification failed; retrying in {Pause}", RetryPause);
                await Task.Delay(RetryPause, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunAsync(ReclassificationJob job, int batchSize, CancellationToken stoppingToken)
    {
        logger.LogInformation("Reclassifying the register under {RuleSet} v{Version} from {After} ({Processed}/{Total} done)",
            job.RuleSetId, job.RuleSetVersion, job.LastEnterpriseId, job.Processed, job.Total);
        var current = job;
        while (current.IsOpen && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                current = await jobs.RunBatchAsync(current.Id, batchSize, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await jobs.RecordErrorAsync(current.Id, exception.Message, CancellationToken.None);
                throw;
            }
        }

        logger.LogInformation("Reclassification under {RuleSet} v{Version} {Status}: {Processed} read, {Reclassified} rewritten, {Changed} changed class",
            current.RuleSetId, current.RuleSetVersion, current.Status, current.Processed, current.Reclassified, current.Changed);
    }
}
