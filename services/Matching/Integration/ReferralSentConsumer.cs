using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Messaging;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Matching.Integration;

/// <summary>
/// A one-stop counter referred an enterprise to partnership matching: the referral joins the intermediaries' queue. The
/// replies (accepted, started, outcome) follow when an intermediary acts on it. A redelivery under another message id
/// finds the referral queued already and changes nothing; referrals to other services are not ours.
/// </summary>
public sealed class ReferralSentConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralSentConsumer> logger)
    : InboxConsumer<ReferralSent>(units, logger)
{
    protected override bool Concerns(ReferralSent message) => message.Target == ReferralTargets.PartnershipMatching;

    protected override async Task HandleAsync(ReferralSent message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var row = new ReferralRow
        {
            ReferralId = message.ReferralId, CaseId = message.CaseId, EnterpriseId = message.EnterpriseId, Uscc = message.Uscc,
            EnterpriseName = message.EnterpriseName, Ward = message.Ward, Note = message.Note, SentBy = message.SentBy, SentAt = message.OccurredAt,
            State = "Queued", UpdatedAt = clock.GetUtcNow(),
        };
        if (await ReferralStore.QueueAsync(unit, row, cancellationToken))
        {
            await unit.AuditAsync(new AuditEntry(Actor.System("matching"), "referral.queued", "referral", message.ReferralId.ToString(), null,
                new { message.CaseId, message.Ward, message.SentBy }), cancellationToken);
        }
    }
}

/// <summary>A counter cancelled a referral: it leaves the queue (a referral already closed stays as it was).</summary>
public sealed class ReferralCancelledConsumer(UnitOfWorkFactory units, TimeProvider clock, ILogger<ReferralCancelledConsumer> logger)
    : InboxConsumer<ReferralCancelled>(units, logger)
{
    protected override bool Concerns(ReferralCancelled message) => message.Target == ReferralTargets.PartnershipMatching;

    protected override async Task HandleAsync(ReferralCancelled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        foreach (var state in new[] { "Queued", "Accepted", "Started" })
        {
            await ReferralStore.MoveAsync(unit, message.ReferralId, state, "Cancelled", null, null, clock.GetUtcNow(), cancellationToken);
        }
    }
}

public sealed class ReferralSentConsumerDefinition : ConsumerDefinition<ReferralSentConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReferralSentConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}

public static class MatchingConsumers
{
    public static void AddMatchingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ReferralSentConsumer, ReferralSentConsumerDefinition>();
        bus.AddConsumer<ReferralCancelledConsumer>();
        bus.AddConsumer<EnterpriseUpdatedConsumer, EnterpriseUpdatedConsumerDefinition>();
        bus.AddConsumer<EnterpriseDeactivatedConsumer, EnterpriseDeactivatedConsumerDefinition>();
        bus.AddRequestedReferralConsumers();
    }
}
