using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmePlatform.CreditGuarantee.Application.Notifications;

/// <summary>
/// The signature of a webhook delivery, Stripe-style: <c>X-Sme-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>
/// over <c>"&lt;t&gt;.&lt;body&gt;"</c> with the bank's webhook secret. The timestamp lets a receiver refuse old
/// replays; the body bytes are signed as sent (docs/partner-bank-api.md shows the verification).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Sme-Signature";
    public const string EventIdHeader = "X-Sme-Event-Id";
    public const string EventTypeHeader = "X-Sme-Event-Type";
    public const string DeliveryIdHeader = "X-Sme-Delivery-Id";

    /// <summary>A new secret: 32 random bytes, base64url, with a prefix that makes it recognisable in a leak scan.</summary>
    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return string.Create(CultureInfo.InvariantCulture,
            $"t={unixSeconds},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}");
    }

    /// <summary>What a receiver does (the documented check): recompute, compare in constant time, refuse stale timestamps.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null)
        {
            return false;
        }

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        if (!long.TryParse(parts["t"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            || Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, t, body).Split("v1=")[1]);
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(v), expected));
    }
}
