using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Messaging;

namespace SmePlatform.Diagnosis.Integration;

/// <summary>
/// A reply to a referral (or the counter's cancellation of it) moves the recommendation's referral the advisor started
/// (<see cref="ReferralProgress"/>: forward only, never out of an ended state). Replies to referrals this service did not
/// start are none of its business and change nothing; a redelivery changes nothing either (the inbox).
/// </summary>
public abstract class RecommendationReferralReplyConsumer<TReply>(UnitOfWorkFactory units, ILogger logger) : InboxConsumer<TReply>(units, logger)
    where TReply : class
{
    protected abstract Guid ReferralOf(TReply reply);

    protected abstract DateTimeOffset OccurredAt(TReply reply);

    protected override async Task HandleAsync(TReply message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (await RecommendationReferralStore.GetForUpdateAsync(unit, ReferralOf(message), cancellationToken) is not { } referral)
        {
            return;
        }

        var (state, summary, reference) = ReferralProgress.Of(message);
        if (!ReferralProgress.Moves(referral.State, state))
        {
            return;
        }

        var before = new { referral.State, referral.Summary };
        referral.State = state;
        referral.Summary = summary ?? referral.Summary;
        referral.ReceiverReference = reference ?? referral.ReceiverReference;
        referral.UpdatedAt = OccurredAt(message);
        await RecommendationReferralStore.UpdateAsync(unit, referral, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.System("diagnosis"), "recommendation.referral." + state, "diagnosis", referral.DiagnosisId.ToString(),
            before, new { referral.ReferralId, referral.State, referral.Summary }), cancellationToken);
    }
}

public sealed class RecommendationReferralAcceptedConsumer(UnitOfWorkFactory units, ILogger<RecommendationReferralAcceptedConsumer> logger)
    : RecommendationReferralReplyConsumer<ReferralAccepted>(units, logger)
{
    protected override Guid ReferralOf(ReferralAccepted reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralAccepted reply) => reply.OccurredAt;
}

public sealed class RecommendationReferralDeclinedConsumer(UnitOfWorkFactory units, ILogger<RecommendationReferralDeclinedConsumer> logger)
    : RecommendationReferralReplyConsumer<ReferralDeclined>(units, logger)
{
    protected override Guid ReferralOf(ReferralDeclined reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralDeclined reply) => reply.OccurredAt;
}

public sealed class RecommendationReferralStartedConsumer(UnitOfWorkFactory units, ILogger<RecommendationReferralStartedConsumer> logger)
    : RecommendationReferralReplyConsumer<ReferralServiceStarted>(units, logger)
{
    protected override Guid ReferralOf(ReferralServiceStarted reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralServiceStarted reply) => reply.OccurredAt;
}

public sealed class RecommendationReferralOutcomeConsumer(UnitOfWorkFactory units, ILogger<RecommendationReferralOutcomeConsumer> logger)
    : RecommendationReferralReplyConsumer<ReferralOutcomeReported>(units, logger)
{
    protected override Guid ReferralOf(ReferralOutcomeReported reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralOutcomeReported reply) => reply.OccurredAt;
}

public sealed class RecommendationReferralCancelledConsumer(UnitOfWorkFactory units, ILogger<RecommendationReferralCancelledConsumer> logger)
    : RecommendationReferralReplyConsumer<ReferralCancelled>(units, logger)
{
    protected override Guid ReferralOf(ReferralCancelled reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralCancelled reply) => reply.OccurredAt;
}

public static class RecommendationReferralConsumers
{
    public static void AddRecommendationReferralConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RecommendationReferralAcceptedConsumer>();
        bus.AddConsumer<RecommendationReferralDeclinedConsumer>();
        bus.AddConsumer<RecommendationReferralStartedConsumer>();
        bus.AddConsumer<RecommendationReferralOutcomeConsumer>();
        bus.AddConsumer<RecommendationReferralCancelledConsumer>();
    }
}
