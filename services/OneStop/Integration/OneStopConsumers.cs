using MassTransit;

namespace SmePlatform.OneStop.Integration;

public static class OneStopConsumers
{
    /// <summary>Every consumer OneStop runs: the replies to its referrals, and other services' events for the timeline.</summary>
    public static IBusRegistrationConfigurator AddOneStopConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddReferralReplyConsumers().AddTimelineConsumers();
}
