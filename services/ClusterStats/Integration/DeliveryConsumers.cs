using MassTransit;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Delivery;
using SmePlatform.Contracts.Diagnosis;
using SmePlatform.Contracts.Guarantee;
using SmePlatform.Contracts.Matching;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Data;
using SmePlatform.Messaging;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>
/// One consumer per event the programme delivery figures count: the facts and the inbox row commit together, so a
/// redelivery adds nothing; an event of a kind not counted (a case moved but not completed) costs no transaction.
/// </summary>
public abstract class DeliveryConsumer<TEvent>(UnitOfWorkFactory units, ILogger logger, Func<TEvent, IReadOnlyList<DeliveryFact>> facts)
    : InboxConsumer<TEvent>(units, logger)
    where TEvent : class
{
    protected override bool Concerns(TEvent message) => facts(message).Count > 0;

    protected override Task HandleAsync(TEvent message, UnitOfWork unit, CancellationToken cancellationToken) =>
        DeliveryStore.AddAsync(unit, facts(message), cancellationToken);
}

public sealed class CaseOpenedConsumer(UnitOfWorkFactory u, ILogger<CaseOpenedConsumer> l) : DeliveryConsumer<CaseOpened>(u, l, DeliveryEvents.Facts);

public sealed class CaseStateChangedConsumer(UnitOfWorkFactory u, ILogger<CaseStateChangedConsumer> l)
    : DeliveryConsumer<CaseStateChanged>(u, l, DeliveryEvents.Facts);

public sealed class CaseOverdueConsumer(UnitOfWorkFactory u, ILogger<CaseOverdueConsumer> l) : DeliveryConsumer<CaseOverdue>(u, l, DeliveryEvents.Facts);

public sealed class ReferralSentConsumer(UnitOfWorkFactory u, ILogger<ReferralSentConsumer> l) : DeliveryConsumer<ReferralSent>(u, l, DeliveryEvents.Facts);

public sealed class ReferralOutcomeReportedConsumer(UnitOfWorkFactory u, ILogger<ReferralOutcomeReportedConsumer> l)
    : DeliveryConsumer<ReferralOutcomeReported>(u, l, DeliveryEvents.Facts);

public sealed class CaseMilestoneRecordedConsumer(UnitOfWorkFactory u, ILogger<CaseMilestoneRecordedConsumer> l)
    : DeliveryConsumer<CaseMilestoneRecorded>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeApplicationSubmittedConsumer(UnitOfWorkFactory u, ILogger<GuaranteeApplicationSubmittedConsumer> l)
    : DeliveryConsumer<GuaranteeApplicationSubmitted>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeDecidedConsumer(UnitOfWorkFactory u, ILogger<GuaranteeDecidedConsumer> l)
    : DeliveryConsumer<GuaranteeDecided>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeIssuedConsumer(UnitOfWorkFactory u, ILogger<GuaranteeIssuedConsumer> l)
    : DeliveryConsumer<GuaranteeIssued>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeDefaultedConsumer(UnitOfWorkFactory u, ILogger<GuaranteeDefaultedConsumer> l)
    : DeliveryConsumer<GuaranteeDefaulted>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeClaimPaidConsumer(UnitOfWorkFactory u, ILogger<GuaranteeClaimPaidConsumer> l)
    : DeliveryConsumer<GuaranteeClaimPaid>(u, l, DeliveryEvents.Facts);

public sealed class GuaranteeRecoveryBookedConsumer(UnitOfWorkFactory u, ILogger<GuaranteeRecoveryBookedConsumer> l)
    : DeliveryConsumer<GuaranteeRecoveryBooked>(u, l, DeliveryEvents.Facts);

public sealed class DiagnosisCompletedConsumer(UnitOfWorkFactory u, ILogger<DiagnosisCompletedConsumer> l)
    : DeliveryConsumer<DiagnosisCompleted>(u, l, DeliveryEvents.Facts);

public sealed class IntroductionAcceptedConsumer(UnitOfWorkFactory u, ILogger<IntroductionAcceptedConsumer> l)
    : DeliveryConsumer<IntroductionAccepted>(u, l, DeliveryEvents.Facts);

public sealed class PartnershipContractSignedConsumer(UnitOfWorkFactory u, ILogger<PartnershipContractSignedConsumer> l)
    : DeliveryConsumer<PartnershipContractSigned>(u, l, DeliveryEvents.Facts);

public static class DeliveryConsumers
{
    /// <summary>The other services' events the programme delivery figures are counted from.</summary>
    public static IBusRegistrationConfigurator AddDeliveryConsumers(this IBusRegistrationConfigurator bus)
    {
        foreach (var consumer in new[]
        {
            typeof(CaseOpenedConsumer), typeof(CaseStateChangedConsumer), typeof(CaseOverdueConsumer), typeof(ReferralSentConsumer),
            typeof(ReferralOutcomeReportedConsumer), typeof(CaseMilestoneRecordedConsumer), typeof(GuaranteeApplicationSubmittedConsumer),
            typeof(GuaranteeDecidedConsumer), typeof(GuaranteeIssuedConsumer), typeof(GuaranteeDefaultedConsumer), typeof(GuaranteeClaimPaidConsumer),
            typeof(GuaranteeRecoveryBookedConsumer), typeof(DiagnosisCompletedConsumer), typeof(IntroductionAcceptedConsumer),
            typeof(PartnershipContractSignedConsumer),
        })
        {
            bus.AddConsumer(consumer, typeof(RetryingDefinition<>).MakeGenericType(consumer));
        }

        return bus;
    }
}
