using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Tests.Domain;

/// <summary>Replies applied in whatever order they arrive: implied steps, late and duplicate replies, cancelled referrals.</summary>
public sealed class ReferralRepliesTests
{
    private static readonly DateTimeOffset T0 = CaseWorkflowTests.T0;
    private const string Receiver = "service:credit-guarantee";

    private static Referral Sent() =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), ReferralTarget.CreditGuarantee, "loan", ReferralState.Sent, T0, "clerk-1",
            null, null, []);

    private static ReferralReply Accepted(DateTimeOffset at) => new(ReferralReplyKind.Accepted, Receiver, at, "accepted by examiner-1");

    private static ReferralReply Started(DateTimeOffset at) => new(ReferralReplyKind.ServiceStarted, Receiver, at);

    private static ReferralReply Outcome(DateTimeOffset at) =>
        new(ReferralReplyKind.OutcomeReported, Receiver, at, null, new ReferralOutcome(ReferralResult.Achieved, "Guarantee issued", "GA-7"));

    private static ReferralReply Declined(DateTimeOffset at) => new(ReferralReplyKind.Declined, Receiver, at, "Outside the fund's programmes");

    private static Referral Applied(Referral referral, ReferralReply reply)
    {
        var result = ReferralReplies.Apply(referral, reply);
        Assert.False(result.Ignored, result.IgnoredBecause);
        return result.Referral;
    }

    [Fact]
    public void Replies_in_order_walk_the_main_line_one_step_each()
    {
        var r = Applied(Sent(), Accepted(T0.AddHours(1)));
        Assert.Equal(ReferralState.Accepted, r.State);
        r = Applied(r, Started(T0.AddHours(2)));
        Assert.Equal(ReferralState.InService, r.State);
        var last = ReferralReplies.Apply(r, Outcome(T0.AddHours(3)));
        Assert.Equal(ReferralState.OutcomeRecorded, last.Referral.State);
        Assert.Equal([ReferralAction.RecordOutcome], last.Applied.Select(t => t.Action));
        Assert.Equal("GA-7", last.Referral.Outcome!.ExternalReference);
    }

    [Fact]
    public void An_outcome_arriving_first_applies_the_implied_acceptance_and_start_before_it()
    {
        var result = ReferralReplies.Apply(Sent(), Outcome(T0.AddHours(3)));

        Assert.Equal(ReferralState.OutcomeRecorded, result.Referral.State);
        Assert.Equal([ReferralAction.Accept, ReferralAction.StartService, ReferralAction.RecordOutcome], result.Applied.Select(t => t.Action));
        Assert.All(result.Applied, t => Assert.Equal(Receiver, t.Actor));
        Assert.All(result.Applied, t => Assert.Equal(T0.AddHours(3), t.At));
        Assert.StartsWith("implied", result.Applied[0].Reason, StringComparison.Ordinal);
        Assert.Equal(T0.AddHours(3), result.Referral.AcceptedAt);
    }

    [Fact]
    public void A_start_arriving_before_the_acceptance_implies_it_and_the_late_acceptance_changes_nothing()
    {
        var started = Applied(Sent(), Started(T0.AddHours(2)));
        Assert.Equal([ReferralAction.Accept, ReferralAction.StartService], started.History.Select(t => t.Action));

        var late = ReferralReplies.Apply(started, Accepted(T0.AddHours(1)));
        Assert.True(late.Ignored);
        Assert.Same(started, late.Referral);
        Assert.Contains("already in service", late.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_reply_changes_nothing_the_second_time()
    {
        var accepted = Applied(Sent(), Accepted(T0.AddHours(1)));
        var again = ReferralReplies.Apply(accepted, Accepted(T0.AddHours(1)));
        Assert.True(again.Ignored);
        Assert.Single(again.Referral.History);
    }

    [Fact]
    public void Every_reply_for_a_cancelled_referral_is_ignored()
    {
        var cancelled = ReferralWorkflow.Apply(Sent(), new ReferralCommand(ReferralAction.Cancel, "clerk-1", T0.AddMinutes(5), "No longer needed")).Value!;
        foreach (var reply in new[] { Accepted(T0.AddHours(1)), Started(T0.AddHours(1)), Outcome(T0.AddHours(1)), Declined(T0.AddHours(1)) })
        {
            var result = ReferralReplies.Apply(cancelled, reply);
            Assert.True(result.Ignored);
            Assert.Equal(ReferralState.Cancelled, result.Referral.State);
            Assert.Contains("cancelled", result.IgnoredBecause, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_decline_applies_only_before_acceptance_and_nothing_follows_a_decline()
    {
        var declined = Applied(Sent(), Declined(T0.AddHours(1)));
        Assert.Equal(ReferralState.Declined, declined.State);
        Assert.Equal("Outside the fund's programmes", declined.DeclineOrCancelReason);
        Assert.True(ReferralReplies.Apply(declined, Outcome(T0.AddHours(2))).Ignored);

        var accepted = Applied(Sent(), Accepted(T0.AddHours(1)));
        var late = ReferralReplies.Apply(accepted, Declined(T0.AddHours(2)));
        Assert.True(late.Ignored);
        Assert.Equal(ReferralState.Accepted, late.Referral.State);
    }

    [Fact]
    public void A_reply_stamped_before_the_last_change_is_placed_at_the_last_change_not_refused()
    {
        var accepted = Applied(Sent(), Accepted(T0.AddHours(5)));
        // The receiver's clock runs an hour behind ours.
        var started = Applied(accepted, Started(T0.AddHours(4)));
        Assert.Equal(ReferralState.InService, started.State);
        Assert.Equal(T0.AddHours(5), started.History[^1].At);

        var beforeSending = Applied(Sent(), Accepted(T0.AddHours(-1)));
        Assert.Equal(T0, beforeSending.History[^1].At);
    }

    [Fact]
    public void A_reply_stamped_after_its_arrival_is_placed_at_its_arrival()
    {
        var arrived = T0.AddHours(1);
        var accepted = ReferralReplies.Apply(Sent(), Accepted(T0.AddHours(3)), arrived);
        Assert.Equal(arrived, accepted.Referral.History[^1].At);
        Assert.Equal(T0.AddMinutes(30), ReferralReplies.Apply(Sent(), Accepted(T0.AddMinutes(30)), arrived).Referral.History[^1].At);
    }
}
