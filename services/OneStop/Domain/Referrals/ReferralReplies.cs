namespace SmePlatform.OneStop.Domain;

/// <summary>What a receiving service can report about a referral.</summary>
public enum ReferralReplyKind
{
    Accepted,
    Declined,
    ServiceStarted,
    OutcomeReported,
}

/// <summary>One reply as it arrived: who sent it (the receiving service), when it happened, and its details.</summary>
public sealed record ReferralReply(ReferralReplyKind Kind, string Actor, DateTimeOffset At, string? Reason = null, ReferralOutcome? Outcome = null);

/// <summary>
/// The referral after a reply, the transitions the reply caused (implied ones included, oldest first), and why it
/// changed nothing when it did not (<see cref="IgnoredBecause"/>).
/// </summary>
public sealed record ReferralReplyResult(Referral Referral, IReadOnlyList<ReferralTransition> Applied, string? IgnoredBecause)
{
    public bool Ignored => IgnoredBecause is not null;
}

/// <summary>
/// Applies receivers' replies to a referral, tolerant of the order in which messages arrive: a reply implies the
/// steps before it (an outcome reported while the referral is still sent means it was accepted and served), and a
/// reply the referral has already moved past (a late acceptance after the outcome, a redelivery) changes nothing.
/// Replies for a cancelled referral are ignored: the counter withdrew it, whatever the receiver still does.
/// </summary>
public static class ReferralReplies
{
    /// <summary>The main line of the workflow, in order; a reply names how far along it the referral has come.</summary>
    private static readonly ReferralAction[] MainLine = [ReferralAction.Accept, ReferralAction.StartService, ReferralAction.RecordOutcome];

    /// <param name="receivedAt">When the reply arrived: a reply stamped later (the receiver's clock runs ahead) is placed
    /// at its arrival, so that no later step of the case is refused as coming before it.</param>
    public static ReferralReplyResult Apply(Referral referral, ReferralReply reply, DateTimeOffset? receivedAt = null)
    {
        if (receivedAt is { } arrived && reply.At > arrived)
        {
            reply = reply with { At = arrived };
        }

        if (referral.State == ReferralState.Cancelled)
        {
            return Ignore(referral, "the referral was cancelled by the counter");
        }

        if (reply.Kind == ReferralReplyKind.Declined)
        {
            return referral.State == ReferralState.Sent
                ? Step(referral, [ReferralAction.Decline], reply)
                : Ignore(referral, $"the referral is already {Describe(referral.State)}; a receiver declines only before accepting");
        }

        if (referral.State == ReferralState.Declined)
        {
            return Ignore(referral, "the referral was declined earlier");
        }

        var reached = Progress(referral.State);
        var wanted = reply.Kind switch
        {
            ReferralReplyKind.Accepted => 1,
            ReferralReplyKind.ServiceStarted => 2,
            _ => 3,
        };
        return reached >= wanted
            ? Ignore(referral, $"the referral is already {Describe(referral.State)}")
            : Step(referral, MainLine[reached..wanted], reply);
    }

    public static string Describe(ReferralState state) => state switch
    {
        ReferralState.InService => "in service",
        ReferralState.OutcomeRecorded => "closed with its outcome",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static int Progress(ReferralState state) => state switch
    {
        ReferralState.Accepted => 1,
        ReferralState.InService => 2,
        ReferralState.OutcomeRecorded => 3,
        _ => 0,
    };

    private static ReferralReplyResult Step(Referral referral, IReadOnlyList<ReferralAction> actions, ReferralReply reply)
    {
        // Another service's clock may run behind ours: a reply is never placed before the referral's last change.
        var last = referral.History.Count > 0 ? referral.History[^1].At : referral.SentAt;
        var at = reply.At < last ? last : reply.At;
        var current = referral;
        for (var i = 0; i < actions.Count; i++)
        {
            var isReply = i == actions.Count - 1;
            var reason = isReply ? reply.Reason : $"implied: {reply.Kind} arrived before this step was reported";
            var result = ReferralWorkflow.Apply(current, new ReferralCommand(actions[i], reply.Actor, at, reason, isReply ? reply.Outcome : null));
            if (result.Error is { } error)
            {
                return Ignore(referral, error.Message);
            }

            current = result.Value!;
        }

        return new ReferralReplyResult(current, current.History.Skip(referral.History.Count).ToList(), null);
    }

    private static ReferralReplyResult Ignore(Referral referral, string because) => new(referral, [], because);
}
