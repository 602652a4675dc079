namespace SmePlatform.Contracts.Referrals;

/// <summary>
/// Where a referral stands for the service that asked for it (an advisor's recommendation, an intermediary's contract),
/// read from the replies the receiver sends to the counter: sent → accepted → started → achieved or not_achieved; or
/// declined by the receiver; or cancelled by the counter. Replies may arrive out of order or twice: a reply never moves a
/// referral back, and nothing moves it once it ended.
/// </summary>
public static class ReferralProgress
{
    public const string Sent = "sent";
    public const string Accepted = "accepted";
    public const string Started = "started";
    public const string Achieved = "achieved";
    public const string NotAchieved = "not_achieved";
    public const string Declined = "declined";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> States = [Sent, Accepted, Started, Achieved, NotAchieved, Declined, Cancelled];

    /// <summary>Still running: the receiver may yet accept, start or report.</summary>
    public static bool IsOpen(string state) => state is Sent or Accepted or Started;

    /// <summary>The state and summary a reply brings: (state, summary, the receiver's reference) — summary null when the reply has none.</summary>
    public static (string State, string? Summary, string? Reference) Of(object reply) => reply switch
    {
        ReferralAccepted m => (Accepted, null, m.ReceiverReference),
        ReferralServiceStarted m => (Started, null, m.ReceiverReference),
        ReferralOutcomeReported m => (m.Result == ReferralResults.Achieved ? Achieved : NotAchieved, m.Summary, m.ReceiverReference),
        ReferralDeclined m => (Declined, m.Reason, null),
        ReferralCancelled m => (Cancelled, m.Reason, null),
        _ => throw new ArgumentException("Not a referral reply.", nameof(reply)),
    };

    /// <summary>Whether a referral in <paramref name="from"/> moves to <paramref name="to"/>: only forward, and never out of an ended state.</summary>
    public static bool Moves(string from, string to) => IsOpen(from) && Rank(to) > Rank(from);

    private static int Rank(string state) => state switch
    {
        Sent => 0,
        Accepted => 1,
        Started => 2,
        _ => 3,
    };
}
