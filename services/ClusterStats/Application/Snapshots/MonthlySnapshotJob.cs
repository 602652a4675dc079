namespace SmePlatform.ClusterStats.Application.Snapshots;

/// <summary>
/// Takes each month's snapshot soon after the month ends (checks hourly; taking is idempotent, so several instances
/// and restarts are harmless). Off when <c>ClusterStats:Snapshots:Automatic</c> is false (tests take them by hand).
/// </summary>
public sealed partial class MonthlySnapshotJob(TakeMonthlySnapshotHandler handler, TimeProvider clock, ILogger<MonthlySnapshotJob> logger)
    : BackgroundService
{
    public const string AutomaticKey = "ClusterStats:Snapshots:Automatic";

    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await handler.HandleAsync(stoppingToken);
                if (snapshot.Taken)
                {
                    LogTaken(logger, snapshot.Period, snapshot.Enterprises);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away for a while; the next round tries again.
                LogFailed(logger, exception);
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took the snapshot of {Period}: {Enterprises} active enterprises")]
    private static partial void LogTaken(ILogger logger, DateOnly period, int enterprises);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The monthly snapshot could not be taken; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
