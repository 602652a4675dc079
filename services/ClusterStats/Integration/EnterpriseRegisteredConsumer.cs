using Dapper;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Messaging;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>Records each registered enterprise once, however often the event arrives (inbox and primary key both hold).</summary>
public sealed class EnterpriseRegisteredConsumer(UnitOfWorkFactory units, ILogger<EnterpriseRegisteredConsumer> logger)
    : InboxConsumer<EnterpriseRegistered>(units, logger)
{
    protected override Task HandleAsync(EnterpriseRegistered message, UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO registered_enterprises (enterprise_id, ward, industry_section, registered_at)
            VALUES (@id, @ward, @section, @occurredAt)
            ON CONFLICT (enterprise_id) DO NOTHING
            """,
            new { id = message.EnterpriseId, ward = message.Ward, section = message.IndustryCode[..1], occurredAt = message.OccurredAt }, unit.Transaction, cancellationToken: cancellationToken));
}

public sealed class EnterpriseRegisteredConsumerDefinition : ConsumerDefinition<EnterpriseRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnterpriseRegisteredConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}
