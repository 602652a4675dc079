using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// OneStop on its own database and the shared RabbitMQ, for tests of what it consumes: ready before the test starts
/// (bus connected, queues bound), with a publisher that stands in for the other services and a counter of the
/// deliveries OneStop consumed, so a test can wait for a message to have been handled rather than sleep.
/// </summary>
public abstract class OneStopBrokerTest(InfrastructureFixture infra) : IAsyncLifetime
{
    /// <summary>How long a test waits for a published message to show.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private IBusControl publisher = null!;

    protected OneStopFactory Factory { get; private set; } = null!;

    /// <summary>counter_staff of ward Heping.</summary>
    protected HttpClient Clerk { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    protected DeliveryCounter Deliveries { get; } = new();

    public async Task InitializeAsync()
    {
        Factory = new OneStopFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        Clerk = Factory.CreateClient().WithToken(TestTokens.Issue("counter_staff", "heping"));
        Admin = Factory.CreateClient().WithToken(TestTokens.Issue("admin"));
        Factory.Services.GetRequiredService<IBus>().ConnectConsumeObserver(Deliveries);
        await Poll.UntilAsync(async () => (await Clerk.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60),
            "OneStop to be ready (bus connected, queues bound)");
        publisher = await Factory.VirtualHost.StartPublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await publisher.StopAsync();
        Clerk.Dispose();
        Admin.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>Publishes as another service would, under the given message id (a redelivery) or a new one.</summary>
    protected Task Publish<T>(T message, Guid? messageId = null)
        where T : class =>
        publisher.Publish(message, ctx => ctx.MessageId = messageId ?? Guid.CreateVersion7());
}
