using MassTransit;
using Microsoft.Extensions.Logging;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;

namespace SmePlatform.Messaging.Referrals;

/// <summary>Where a referral this service asked for stands (a <see cref="ReferralProgress"/> state), with the receiver's summary and reference.</summary>
public sealed record RequestedReferralProgress(Guid ReferralId, string State, string? Summary, string? ReceiverReference, DateTimeOffset UpdatedAt);

/// <summary>A service's own record of the referrals it asked the one-stop centre for (the recommendations', the contracts').</summary>
public interface IRequestedReferrals
{
    /// <summary>The referral, locked in the unit; null when this service did not ask for it.</summary>
    Task<RequestedReferralProgress?> LockAsync(UnitOfWork unit, Guid referralId, CancellationToken cancellationToken);

    /// <summary>Stores the referral's new progress and audits it, in the unit.</summary>
    Task SaveAsync(UnitOfWork unit, RequestedReferralProgress before, RequestedReferralProgress after, CancellationToken cancellationToken);
}

/// <summary>
/// A reply to a referral (or the counter's cancellation of it) moves a referral this service asked for
/// (<see cref="ReferralProgress"/>: forward only, never out of an ended state). Replies to referrals it did not ask for
/// change nothing; a redelivery changes nothing either (the inbox).
/// </summary>
public abstract class RequestedReferralReplyConsumer<TReply>(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger logger)
    : InboxConsumer<TReply>(units, logger)
    where TReply : class
{
    protected abstract Guid ReferralOf(TReply reply);

    protected abstract DateTimeOffset OccurredAt(TReply reply);

    protected override async Task HandleAsync(TReply message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (await referrals.LockAsync(unit, ReferralOf(message), cancellationToken) is not { } before)
        {
            return;
        }

        var (state, summary, reference) = ReferralProgress.Of(message);
        if (ReferralProgress.Moves(before.State, state))
        {
            await referrals.SaveAsync(unit, before, before with
            {
                State = state, Summary = summary ?? before.Summary, ReceiverReference = reference ?? before.ReceiverReference, UpdatedAt = OccurredAt(message),
            }, cancellationToken);
        }
    }
}

public sealed class RequestedReferralAcceptedConsumer(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger<RequestedReferralAcceptedConsumer> logger)
    : RequestedReferralReplyConsumer<ReferralAccepted>(referrals, units, logger)
{
    protected override Guid ReferralOf(ReferralAccepted reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralAccepted reply) => reply.OccurredAt;
}

public sealed class RequestedReferralDeclinedConsumer(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger<RequestedReferralDeclinedConsumer> logger)
    : RequestedReferralReplyConsumer<ReferralDeclined>(referrals, units, logger)
{
    protected override Guid ReferralOf(ReferralDeclined reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralDeclined reply) => reply.OccurredAt;
}

public sealed class RequestedReferralStartedConsumer(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger<RequestedReferralStartedConsumer> logger)
    : RequestedReferralReplyConsumer<ReferralServiceStarted>(referrals, units, logger)
{
    protected override Guid ReferralOf(ReferralServiceStarted reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralServiceStarted reply) => reply.OccurredAt;
}

public sealed class RequestedReferralOutcomeConsumer(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger<RequestedReferralOutcomeConsumer> logger)
    : RequestedReferralReplyConsumer<ReferralOutcomeReported>(referrals, units, logger)
{
    protected override Guid ReferralOf(ReferralOutcomeReported reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralOutcomeReported reply) => reply.OccurredAt;
}

public sealed class RequestedReferralCancelledConsumer(IRequestedReferrals referrals, UnitOfWorkFactory units, ILogger<RequestedReferralCancelledConsumer> logger)
    : RequestedReferralReplyConsumer<ReferralCancelled>(referrals, units, logger)
{
    protected override Guid ReferralOf(ReferralCancelled reply) => reply.ReferralId;

    protected override DateTimeOffset OccurredAt(ReferralCancelled reply) => reply.OccurredAt;
}

public static class RequestedReferralConsumers
{
    /// <summary>The five consumers that move the referrals a service asked for; the service registers its <see cref="IRequestedReferrals"/>.</summary>
    public static void AddRequestedReferralConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<RequestedReferralAcceptedConsumer>();
        bus.AddConsumer<RequestedReferralDeclinedConsumer>();
        bus.AddConsumer<RequestedReferralStartedConsumer>();
        bus.AddConsumer<RequestedReferralOutcomeConsumer>();
        bus.AddConsumer<RequestedReferralCancelledConsumer>();
    }
}
