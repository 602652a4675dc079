using System.Collections.Concurrent;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// One-time use for the redeemable grants OpenIddict issues: authorization codes and refresh tokens. OpenIddict runs in
/// degraded mode (no token store, docs/adr/0017-identity-on-openiddict.md), so it cannot tell a used code or refresh
/// token from a fresh one by itself; every such token carries a grant id and a session id that this ledger checks.
/// Redeeming retires the grant; presenting a retired one (a stolen copy replayed) revokes the whole session, so the
/// refresh token the legitimate holder got from it stops working too. Unknown grants (issued before a restart) are
/// refused. In memory, as before: the local provider serves one gateway instance.
/// </summary>
public sealed class GrantLedger(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> grants = new(StringComparer.Ordinal);

    /// <summary>Records a new grant of <paramref name="session"/> that may be redeemed once until <paramref name="expiresAt"/>.</summary>
    public string Issue(string session, DateTimeOffset expiresAt)
    {
        Sweep();
        var id = Guid.NewGuid().ToString("N");
        grants[id] = new Entry(session, expiresAt, Retired: false);
        return id;
    }

    public enum Outcome { Redeemed, Unknown, Expired, Replayed }

    public Outcome Redeem(string grantId)
    {
        if (!grants.TryGetValue(grantId, out var entry))
        {
            return Outcome.Unknown;
        }

        if (entry.Retired)
        {
            RevokeSession(entry.Session);
            return Outcome.Replayed;
        }

        if (entry.ExpiresAt <= clock.GetUtcNow())
        {
            return Outcome.Expired;
        }

        // Two concurrent redemptions of one grant: one wins the update; the other, looking again, finds it retired and
        // is a replay like any other (one of the two copies was not the holder's).
        return grants.TryUpdate(grantId, entry with { Retired = true }, entry) ? Outcome.Redeemed : Redeem(grantId);
    }

    private void RevokeSession(string session)
    {
        foreach (var (id, entry) in grants)
        {
            if (entry.Session == session)
            {
                grants.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Drops grants well past their expiry, so the ledger does not grow without bound. A retired grant is kept
    /// until then: a replay of it must still end the session.</summary>
    private void Sweep()
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(1);
        foreach (var (id, entry) in grants)
        {
            if (entry.ExpiresAt < cutoff)
            {
                grants.TryRemove(id, out _);
            }
        }
    }

    private sealed record Entry(string Session, DateTimeOffset ExpiresAt, bool Retired);
}
