namespace SmePlatform.OneStop.Application.Referrals;

/// <summary>Settings of the referral loop (section "Referrals").</summary>
public sealed class ReferralOptions
{
    /// <summary>Working days a receiving service has to accept a referral before the counter is alerted.</summary>
    public int AcceptanceWorkingDays { get; set; } = 2;

    /// <summary>How often the acceptance timer looks for overdue referrals.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first look after start: soon, so a restart never postpones alerts by a whole interval.</summary>
    public TimeSpan TimerFirstRunAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Off switch for instances that must not run the timer (it is safe to run on every instance).</summary>
    public bool TimerEnabled { get; set; } = true;

    /// <summary>
    /// The service clients (token subject) that may ask for referrals over gRPC, each with the name the counter sees as
    /// the referral's origin (docs/adr/0068). Empty in configuration: <see cref="DefaultRequesters"/>.
    /// </summary>
    public Dictionary<string, string> Requesters { get; set; } = [];

    public static readonly IReadOnlyDictionary<string, string> DefaultRequesters = new Dictionary<string, string>
    {
        ["diagnosis-service"] = "diagnosis",
        ["matching-service"] = "matching",
    };

    /// <summary>The configured requesters, or the defaults when none are configured.</summary>
    public IReadOnlyDictionary<string, string> EffectiveRequesters => Requesters.Count > 0 ? Requesters : DefaultRequesters;
}
