using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// Rotating refresh tokens for staff sessions: each use returns a new token and retires the old one; presenting a
/// retired token (a stolen copy replayed) revokes the whole session. Only hashes are kept.
/// </summary>
public sealed class RefreshTokens(TimeProvider clock, TimeSpan? lifetime = null)
{
    private readonly TimeSpan lifetime = lifetime ?? TimeSpan.FromHours(8);
    private readonly ConcurrentDictionary<string, Entry> byHash = new(StringComparer.Ordinal);

    public string Issue(string username, Guid? session = null)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        byHash[Hash(token)] = new Entry(username, session ?? Guid.NewGuid(), clock.GetUtcNow() + lifetime, Retired: false);
        return token;
    }

    /// <summary>The user name and a new refresh token, or null when the token is unknown, expired, retired or revoked.</summary>
    public (string Username, string NewToken)? Redeem(string token)
    {
        var hash = Hash(token);
        if (!byHash.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (entry.Retired)
        {
            // Replay of a rotated token: treat the session as compromised.
            foreach (var (key, other) in byHash)
            {
                if (other.Session == entry.Session)
                {
                    byHash.TryRemove(key, out _);
                }
            }

            return null;
        }

        if (entry.ExpiresAt <= clock.GetUtcNow() || !byHash.TryUpdate(hash, entry with { Retired = true }, entry))
        {
            return null;
        }

        return (entry.Username, Issue(entry.Username, entry.Session));
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Entry(string Username, Guid Session, DateTimeOffset ExpiresAt, bool Retired);
}
