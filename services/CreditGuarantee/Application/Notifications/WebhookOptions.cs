namespace SmePlatform.CreditGuarantee.Application.Notifications;

/// <summary>Webhook delivery settings (section "Webhooks"). The two address switches default to on in Development only.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The keyed TimeProvider the dispatcher reads for backoff and give-up (tests swap in a clock they move).</summary>
    public const string ClockKey = "webhooks";

    /// <summary>Accept http:// (not only https://) for a loopback address: a bank developer's local receiver.</summary>
    public bool? AllowLoopbackHttp { get; set; }

    /// <summary>Accept and call loopback, private (RFC 1918, CGNAT, unique-local) and link-local addresses. Off outside Development: SSRF.</summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>One delivery attempt's whole HTTP exchange.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries when it found nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first retry's delay; each further retry doubles it, up to <see cref="MaxRetryDelay"/>, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries one dispatcher claims at once (and sends concurrently).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// The delay before retry number <paramref name="failedAttempts"/> + 1: exponential, capped, with "equal jitter"
    /// (between half and all of it) so that a bank's receiver coming back is not hit by every delivery at once.
    /// </summary>
    public TimeSpan RetryDelay(int failedAttempts, double random)
    {
        var exponential = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var capped = Math.Min(exponential, MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + (random * 0.5)));
    }
}
