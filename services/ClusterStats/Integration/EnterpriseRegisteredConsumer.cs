using Dapper;
using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Messaging;

namespace SmePlatform.ClusterStats.Integration;

/// <summary>Counts each registered enterprise once by ward and industry section, however often the event arrives.</summary>
public sealed class EnterpriseRegisteredConsumer(UnitOfWorkFactory units, ILogger<EnterpriseRegisteredConsumer> logger)
    : InboxConsumer<EnterpriseRegistered>(units, logger)
{
    protected override Task HandleAsync(EnterpriseRegistered message, UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO enterprise_counts (ward, industry_section, enterprises) VALUES (@ward, @section, 1)
            ON CONFLICT (ward, industry_section) DO UPDATE SET enterprises = enterprise_counts.enterprises + 1
            """,
            new { ward = message.Ward, section = message.IndustryCode[..1] }, unit.Transaction, cancellationToken: cancellationToken));
}

public sealed class EnterpriseRegisteredConsumerDefinition : ConsumerDefinition<EnterpriseRegisteredConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnterpriseRegisteredConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}
