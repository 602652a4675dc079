using MassTransit;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Data;
using SmePlatform.Diagnosis.Domain.Referrals;
using SmePlatform.Messaging;
using SmePlatform.Messaging.Referrals;

namespace SmePlatform.Diagnosis.Integration;

/// <summary>
/// A counter referred an enterprise to diagnosis: it joins the advisors' queue (Waiting) until an advisor accepts or
/// declines it. A republished referral (a new message id, the same referral id) is queued once.
/// </summary>
public sealed class ReferralSentConsumer(UnitOfWorkFactory units, ILogger<ReferralSentConsumer> logger) : InboxConsumer<ReferralSent>(units, logger)
{
    protected override bool Concerns(ReferralSent message) => message.Target == ReferralTargets.Diagnosis;

    protected override async Task HandleAsync(ReferralSent message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var queued = await ReferralStore.InsertIfAbsentAsync(unit, new ReferralRecord
        {
            ReferralId = message.ReferralId, CaseId = message.CaseId, EnterpriseId = message.EnterpriseId, Uscc = message.Uscc,
            EnterpriseName = message.EnterpriseName, Ward = message.Ward, Note = message.Note ?? "", SentBy = message.SentBy,
            SentAt = message.OccurredAt, State = nameof(ReferralState.Waiting), UpdatedAt = message.OccurredAt,
        }, cancellationToken);
        if (queued)
        {
            await unit.AuditAsync(new AuditEntry(Actor.System("diagnosis"), "referral.queued", "referral", message.ReferralId.ToString(), null,
                new { message.CaseId, message.EnterpriseId, message.Ward, message.SentBy }), cancellationToken);
        }
    }
}

/// <summary>Counter staff cancelled a referral: it leaves the queue (Cancelled), whatever its state; replies stop.</summary>
public sealed class ReferralCancelledConsumer(UnitOfWorkFactory units, ILogger<ReferralCancelledConsumer> logger) : InboxConsumer<ReferralCancelled>(units, logger)
{
    protected override bool Concerns(ReferralCancelled message) => message.Target == ReferralTargets.Diagnosis;

    protected override async Task HandleAsync(ReferralCancelled message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (await ReferralStore.GetForUpdateAsync(unit, message.ReferralId, cancellationToken) is not { } referral)
        {
            return;
        }

        referral.State = nameof(ReferralState.Cancelled);
        referral.UpdatedAt = message.OccurredAt;
        ReferralStore.Update(unit, referral);
    }
}

public static class DiagnosisConsumers
{
    public static void AddDiagnosisConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ReferralSentConsumer>();
        bus.AddConsumer<ReferralCancelledConsumer>();
        bus.AddRequestedReferralConsumers();
    }
}
