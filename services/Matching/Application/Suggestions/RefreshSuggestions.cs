using SmePlatform.Data;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Suggestions;

/// <summary>What one refresh did: needs rescored, and suggestions taken from needs that are no longer live.</summary>
public sealed record RefreshResult(int NeedsRescored, int SuggestionsCleared, int WeightsVersion);

/// <summary>
/// Catches suggestions up with what no request changes (docs/matching-rules.md, "Recomputation"): a new weights version
/// rescored every live need, an offer that expired or was withdrawn replaced by the next candidate, a need whose profile
/// expired emptied. The live offers are read once per run and scored in memory; needs are written in small batches, each
/// its own short transaction, so reads (plain snapshots) are never blocked and a stop loses at most one batch.
/// </summary>
public sealed class RefreshSuggestionsHandler(ProfileStore profiles, SuggestionStore suggestions, ConfigurationStore configuration, SuggestionEngine engine,
    UnitOfWorkFactory units, TimeProvider clock)
{
    public const int BatchSize = 200;

    public async Task<RefreshResult> HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var config = await configuration.CurrentAsync(ct);
        var cleared = await suggestions.ClearNeedsNotLiveAsync(now, ct);
        var rescored = 0;
        CandidatePool? pool = null;
        var after = Guid.Empty;
        while (true)
        {
            var stale = await suggestions.StaleNeedsAsync(config.Version, now, after, BatchSize, ct);
            if (stale.Count == 0)
            {
                break;
            }

            pool ??= await engine.LivePoolAsync(now, ct);
            await using var unit = await units.BeginAsync(ct);
            foreach (var needId in stale)
            {
                if (await profiles.FindByListingAsync(needId, ct) is { } needing && needing.IsLive(now))
                {
                    SuggestionEngine.Store(unit, needing, needing.Listings.Single(l => l.Id == needId), pool, config, now);
                    rescored++;
                }
            }

            await unit.CommitAsync(ct);
            after = stale[^1];
        }

        return new RefreshResult(rescored, cleared, config.Version);
    }
}

/// <summary>
/// Runs the refresh every <c>Matching:RefreshInterval</c> (preset 5 minutes) and at once when woken (a new configuration
/// version). Running it twice, or on two instances, rescored nothing twice: a need is stale only until it is rescored.
/// </summary>
public sealed partial class SuggestionRefreshJob(RefreshSuggestionsHandler handler, IConfiguration configuration, TimeProvider clock,
    ILogger<SuggestionRefreshJob> logger) : BackgroundService
{
    public const string IntervalKey = "Matching:RefreshInterval";

    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Asks for a run now (after a weights change) instead of at the next interval.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken: one run will do.
            }
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(IntervalKey, TimeSpan.FromMinutes(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = clock.GetTimestamp();
                var result = await handler.HandleAsync(stoppingToken);
                if (result.NeedsRescored > 0 || result.SuggestionsCleared > 0)
                {
                    LogRefreshed(logger, result.NeedsRescored, result.SuggestionsCleared, result.WeightsVersion, clock.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away, or a publication rescored the same need at this moment; the next round tries again.
                LogFailed(logger, exception);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(interval);
            try
            {
                await wake.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The interval passed.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Suggestions refreshed: {Needs} needs rescored, {Cleared} suggestions of needs no longer live taken, weights version {Version}, in {Milliseconds} ms")]
    private static partial void LogRefreshed(ILogger logger, int needs, int cleared, int version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The suggestion refresh failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
