using MassTransit;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Messaging;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>Records each registered enterprise once, however often the event arrives (inbox and primary key both hold).</summary>
public sealed class EnterpriseRegisteredConsumer(UnitOfWorkFactory units, ILogger<EnterpriseRegisteredConsumer> logger)
    : InboxConsumer<EnterpriseRegistered>(units, logger)
{
    protected override Task HandleAsync(EnterpriseRegistered message, UnitOfWork unit, CancellationToken cancellationToken) =>
        RegisteredEnterpriseStore.AddAsync(unit,
            RegisteredEnterprise.From(message.EnterpriseId, message.Ward, message.IndustryCode, message.OccurredAt), cancellationToken);
}

public sealed class EnterpriseRegisteredConsumerDefinition : ConsumerDefinition<EnterpriseRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnterpriseRegisteredConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}

public static class ClusterStatsConsumers
{
    /// <summary>The events this service keeps its figures from.</summary>
    public static IBusRegistrationConfigurator AddClusterStatsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EnterpriseRegisteredConsumer>(typeof(EnterpriseRegisteredConsumerDefinition));
        return bus;
    }
}
