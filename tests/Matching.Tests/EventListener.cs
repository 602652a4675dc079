using System.Collections.Concurrent;
using MassTransit;
using SmePlatform.Contracts.Matching;
using SmePlatform.Contracts.Referrals;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests;

/// <summary>
/// A bus of the test's own in the factory's virtual host, subscribed to the events Matching publishes, as OneStop's
/// timeline and the statistics would be: what it records has travelled through the real RabbitMQ.
/// </summary>
public sealed class EventListener : IAsyncDisposable
{
    private IBusControl bus = null!;

    public ConcurrentQueue<object> Received { get; } = new();

    public static async Task<EventListener> StartAsync(RabbitMqVirtualHost host)
    {
        var listener = new EventListener();
        listener.bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(host.Host, (ushort)host.Port, host.Name, h =>
            {
                h.Username(host.Username);
                h.Password(host.Password);
            });
            cfg.ReceiveEndpoint("matching-tests-listener", e =>
            {
                e.Handler<IntroductionAccepted>(c => listener.Add(c.Message));
                e.Handler<PartnershipStageChanged>(c => listener.Add(c.Message));
                e.Handler<PartnershipContractSigned>(c => listener.Add(c.Message));
                e.Handler<ReferralAccepted>(c => listener.Add(c.Message));
                e.Handler<ReferralServiceStarted>(c => listener.Add(c.Message));
                e.Handler<ReferralOutcomeReported>(c => listener.Add(c.Message));
            });
        });
        await listener.bus.StartAsync();
        return listener;
    }

    public IReadOnlyList<T> All<T>() => [.. Received.OfType<T>()];

    /// <summary>Waits until at least <paramref name="count"/> events of <typeparamref name="T"/> matching <paramref name="match"/> arrived.</summary>
    public Task<IReadOnlyList<T>> UntilAsync<T>(Func<T, bool> match, int count, string what) =>
        Poll.UntilAsync(() => Task.FromResult<IReadOnlyList<T>>([.. Received.OfType<T>().Where(match)]), r => r.Count >= count,
            TimeSpan.FromSeconds(30), what);

    private Task Add(object message)
    {
        Received.Enqueue(message);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
