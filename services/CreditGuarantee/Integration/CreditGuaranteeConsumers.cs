using MassTransit;

namespace SmePlatform.CreditGuarantee.Integration;

public static class CreditGuaranteeConsumers
{
    /// <summary>The events this service consumes: OneStop's referrals of an enterprise to a guarantee.</summary>
    public static void AddCreditGuaranteeConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ReferralSentConsumer>(typeof(ReferralSentConsumerDefinition));
    }
}
