using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmePlatform.ServiceDefaults;

namespace SmePlatform.Messaging;

/// <summary>RabbitMQ connection settings (section "RabbitMq").</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";
}

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with the platform's conventions: queues named "service.consumer-name" in kebab case,
    /// in-process retry (the delayed-message plugin is not in Debian's RabbitMQ), failed messages to
    /// "queue_error", and the outbox relay publishing what units of work committed.
    /// </summary>
    public static WebApplicationBuilder AddMessaging(
        this WebApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        builder.Services.Configure<OutboxRelayOptions>(builder.Configuration.GetSection("Outbox"));

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName + ".", includeNamespace: false));
            addConsumers?.Invoke(bus);
            // Off the readiness and liveness endpoints: BrokerReadiness asks it and applies the grace period.
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = BrokerReadiness.BusCheckName;
                health.Tags.Clear();
                health.Tags.Add("broker");
            });
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                });
                cfg.UseMessageRetry(retry => RetryPolicies.Default(retry));
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSingleton<MessageTypes>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.Configure<MessagingReadinessOptions>(builder.Configuration.GetSection("Messaging:Readiness"));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxRelayHealth>();
        builder.Services.AddHealthChecks()
            .AddCheck<BrokerReadiness>("broker", tags: [ServiceDefaultsExtensions.ReadyTag])
            .AddCheck<OutboxRelayReadiness>("outbox-relay", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
