using System.Collections.Concurrent;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// Locks a user name after repeated failed passwords within a window. In memory: the local provider serves one
/// gateway instance in local and demo runs; a production deployment uses an external provider with its own lockout.
/// </summary>
public sealed class Lockout(TimeProvider clock, int maxFailures = 5, TimeSpan? window = null, TimeSpan? duration = null)
{
    private readonly TimeSpan window = window ?? TimeSpan.FromMinutes(15);
    private readonly TimeSpan duration = duration ?? TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.OrdinalIgnoreCase);

    public int MaxFailures => maxFailures;

    public bool IsLocked(string name, out DateTimeOffset until)
    {
        until = default;
        if (entries.TryGetValue(name, out var entry) && entry.LockedUntil is { } locked && locked > clock.GetUtcNow())
        {
            until = locked;
            return true;
        }

        return false;
    }

    public void Failed(string name)
    {
        var now = clock.GetUtcNow();
        entries.AddOrUpdate(name,
            _ => new Entry(1, now, null),
            (_, entry) =>
            {
                var failures = now - entry.FirstFailure > window ? 1 : entry.Failures + 1;
                var first = failures == 1 ? now : entry.FirstFailure;
                return new Entry(failures, first, failures >= maxFailures ? now + duration : entry.LockedUntil);
            });
    }

    public void Succeeded(string name) => entries.TryRemove(name, out _);

    private sealed record Entry(int Failures, DateTimeOffset FirstFailure, DateTimeOffset? LockedUntil);
}
