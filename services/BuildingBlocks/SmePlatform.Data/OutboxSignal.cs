namespace SmePlatform.Data;

/// <summary>
/// Wakes the outbox relay as soon as a unit of work with messages commits, so events leave within milliseconds
/// instead of waiting for the next poll. Polling remains as the fallback (other replicas, restarts).
/// </summary>
public sealed class OutboxSignal : IDisposable
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
            // Already signalled: the relay will pick up this commit too.
        }
    }

    public void Dispose() => semaphore.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
