using System.Diagnostics;

namespace SmePlatform.Benchmarks;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Target, int Requests, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load: <c>concurrency</c> workers each send their next request as soon as the previous answered,
/// until <c>requests</c> were sent. Closed loop, because the question is the ratio between two paths under the
/// same load, not an absolute capacity figure for a shared 2-core machine.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(
        string target, int requests, int concurrency, Func<int, Task<bool>> send, CancellationToken cancellationToken)
    {
        var latencies = new double[requests];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await send(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        clock.Stop();
        Array.Sort(latencies);
        return new LoadResult(target, requests, failures, clock.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
