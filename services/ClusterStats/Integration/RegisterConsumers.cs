using MassTransit;
using SmePlatform.ClusterStats.Data;
using SmePlatform.ClusterStats.Domain.Register;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Messaging;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>
/// One consumer per enterprise event of the register, all applying to the same projection: the inbox makes a
/// redelivery harmless and the record's per-aspect times make an out-of-order delivery harmless (each event type has
/// its own queue, so an update may well overtake its registration).
/// </summary>
public abstract class RegisterConsumer<TEvent>(UnitOfWorkFactory units, ILogger logger) : InboxConsumer<TEvent>(units, logger)
    where TEvent : class
{
    protected abstract IReadOnlyList<RegisterChange> Changes(TEvent message);

    protected override Task HandleAsync(TEvent message, UnitOfWork unit, CancellationToken cancellationToken) =>
        RegisteredEnterpriseStore.ApplyAsync(unit, Changes(message), cancellationToken);
}

public sealed class EnterpriseRegisteredConsumer(UnitOfWorkFactory units, ILogger<EnterpriseRegisteredConsumer> logger)
    : RegisterConsumer<EnterpriseRegistered>(units, logger)
{
    protected override IReadOnlyList<RegisterChange> Changes(EnterpriseRegistered message) => RegisterEvents.Changes(message);
}

public sealed class EnterpriseUpdatedConsumer(UnitOfWorkFactory units, ILogger<EnterpriseUpdatedConsumer> logger)
    : RegisterConsumer<EnterpriseUpdated>(units, logger)
{
    protected override IReadOnlyList<RegisterChange> Changes(EnterpriseUpdated message) => RegisterEvents.Changes(message);
}

public sealed class EnterpriseReclassifiedConsumer(UnitOfWorkFactory units, ILogger<EnterpriseReclassifiedConsumer> logger)
    : RegisterConsumer<EnterpriseReclassified>(units, logger)
{
    protected override IReadOnlyList<RegisterChange> Changes(EnterpriseReclassified message) => RegisterEvents.Changes(message);
}

public sealed class EnterpriseDeactivatedConsumer(UnitOfWorkFactory units, ILogger<EnterpriseDeactivatedConsumer> logger)
    : RegisterConsumer<EnterpriseDeactivated>(units, logger)
{
    protected override IReadOnlyList<RegisterChange> Changes(EnterpriseDeactivated message) => RegisterEvents.Changes(message);
}

public sealed class EnterprisesMergedConsumer(UnitOfWorkFactory units, ILogger<EnterprisesMergedConsumer> logger)
    : RegisterConsumer<EnterprisesMerged>(units, logger)
{
    protected override IReadOnlyList<RegisterChange> Changes(EnterprisesMerged message) => RegisterEvents.Changes(message);
}

/// <summary>Retries for every consumer of this service (a lock wait or a restart of the database is transient).</summary>
public sealed class RetryingDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}

public static class ClusterStatsConsumers
{
    /// <summary>The events this service keeps its figures from.</summary>
    public static IBusRegistrationConfigurator AddClusterStatsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EnterpriseRegisteredConsumer>(typeof(RetryingDefinition<EnterpriseRegisteredConsumer>));
        bus.AddConsumer<EnterpriseUpdatedConsumer>(typeof(RetryingDefinition<EnterpriseUpdatedConsumer>));
        bus.AddConsumer<EnterpriseReclassifiedConsumer>(typeof(RetryingDefinition<EnterpriseReclassifiedConsumer>));
        bus.AddConsumer<EnterpriseDeactivatedConsumer>(typeof(RetryingDefinition<EnterpriseDeactivatedConsumer>));
        bus.AddConsumer<EnterprisesMergedConsumer>(typeof(RetryingDefinition<EnterprisesMergedConsumer>));
        return bus.AddDeliveryConsumers();
    }
}
