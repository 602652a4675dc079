namespace SmePlatform.Diagnosis.Domain.Referrals;

/// <summary>Where a counter referral stands in the advisors' queue.</summary>
public enum ReferralState
{
    Waiting,
    Accepted,
    Started,
    Declined,
    Completed,
    Cancelled,
}

/// <summary>What an advisor does to a referral.</summary>
public enum ReferralAction
{
    Accept,
    Decline,
    Start,
    ReportOutcome,
}

public sealed record ReferralRefusal(string Code, string Message);

/// <summary>The queue's state machine: Waiting → Accepted | Declined; Accepted → Started; Started → Completed (the outcome reported).</summary>
public static class ReferralWork
{
    public static IReadOnlyList<ReferralAction> Allowed(ReferralState state) => state switch
    {
        ReferralState.Waiting => [ReferralAction.Accept, ReferralAction.Decline],
        ReferralState.Accepted => [ReferralAction.Start],
        ReferralState.Started => [ReferralAction.ReportOutcome],
        _ => [],
    };

    public static (ReferralState? Next, ReferralRefusal? Refusal) Apply(ReferralState state, ReferralAction action)
    {
        if (!Allowed(state).Contains(action))
        {
            return (null, new ReferralRefusal("referral-action-not-allowed", $"A referral that is {state} cannot be given '{action}'."));
        }

        return (action switch
        {
            ReferralAction.Accept => ReferralState.Accepted,
            ReferralAction.Decline => ReferralState.Declined,
            ReferralAction.Start => ReferralState.Started,
            _ => ReferralState.Completed,
        }, null);
    }
}
