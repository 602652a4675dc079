using System.Diagnostics;

namespace SmePlatform.Testing;

/// <summary>"Poll until true" for asynchronous outcomes (events consumed, projections updated).</summary>
public static class Poll
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Calls <paramref name="probe"/> every 100-250 ms until <paramref name="done"/> accepts its value
    /// and returns that value. An exception from the probe counts as "not yet" (the thing polled is
    /// often still starting); on timeout a <see cref="TimeoutException"/> names <paramref name="what"/>,
    /// the last value and the last exception.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);

        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        var attempts = 0;
        var hasValue = false;
        T last = default!;
        Exception? lastError = null;

        while (true)
        {
            attempts++;
            try
            {
                last = await probe().ConfigureAwait(false);
                hasValue = true;
                lastError = null;
                if (done(last))
                    return last;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                lastError = ex;
            }

            if (clock.Elapsed >= timeout)
            {
                var lastText = hasValue ? Describe(last) : "(no value: every probe threw)";
                var message = $"Timed out after {timeout.TotalSeconds:0.###} s ({attempts} attempts) waiting for {what}. Last value: {lastText}.";
                if (lastError is not null)
                    message += $" Last error: {lastError.GetType().Name}: {lastError.Message}";
                throw new TimeoutException(message, lastError);
            }

            // The last wait ends at the deadline, but never below 10 ms: Task.Delay of less than 1 ms
            // completes at once, and the probe would spin.
            var remaining = timeout - clock.Elapsed;
            var wait = remaining < delay ? remaining : delay;
            await Task.Delay(wait < MinDelay ? MinDelay : wait).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, (long)(delay.Ticks * 1.5)));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it returns true; see the generic overload.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(condition, static ok => ok, timeout, what);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "null",
    };
}
