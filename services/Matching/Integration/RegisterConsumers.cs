using MassTransit;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Messaging;

namespace SmePlatform.Matching.Integration;

/// <summary>OneStop changed an enterprise's register entry: its partnering profile, if it has one, follows (FollowRegisterHandler).</summary>
public sealed class EnterpriseUpdatedConsumer(FollowRegisterHandler handler, UnitOfWorkFactory units, ILogger<EnterpriseUpdatedConsumer> logger)
    : InboxConsumer<EnterpriseUpdated>(units, logger)
{
    protected override Task HandleAsync(EnterpriseUpdated message, UnitOfWork unit, CancellationToken cancellationToken) =>
        handler.UpdateAsync(unit, message, cancellationToken);
}

/// <summary>An enterprise closed or was merged into another: its partnering profile is withdrawn from matching.</summary>
public sealed class EnterpriseDeactivatedConsumer(FollowRegisterHandler handler, UnitOfWorkFactory units, ILogger<EnterpriseDeactivatedConsumer> logger)
    : InboxConsumer<EnterpriseDeactivated>(units, logger)
{
    protected override Task HandleAsync(EnterpriseDeactivated message, UnitOfWork unit, CancellationToken cancellationToken) =>
        handler.WithdrawAsync(unit, message, cancellationToken);
}

/// <summary>A profile changed by an intermediary at the same moment is read again on the next try.</summary>
public sealed class EnterpriseUpdatedConsumerDefinition : ConsumerDefinition<EnterpriseUpdatedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnterpriseUpdatedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}

public sealed class EnterpriseDeactivatedConsumerDefinition : ConsumerDefinition<EnterpriseDeactivatedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnterpriseDeactivatedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(RetryPolicies.Default);
}
