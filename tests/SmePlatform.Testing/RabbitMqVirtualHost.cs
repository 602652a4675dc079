using MassTransit;

namespace SmePlatform.Testing;

/// <summary>
/// One virtual host of a test RabbitMQ node (<see cref="RabbitMqServer.CreateVirtualHost"/>): where one service under
/// test and the publishers of its test meet. Disposing deletes it, which also cuts off any bus still connected to it.
/// </summary>
public sealed class RabbitMqVirtualHost(RabbitMqServer server, string name) : IDisposable
{
    private int _disposed;

    public RabbitMqServer Server { get; } = server;

    public string Name { get; } = name;

    public string Host => Server.Host;

    public int Port => Server.Port;

    public string Username => Server.Username;

    public string Password => Server.Password;

    /// <summary>A started bus of the test's own in this virtual host, publishing as another service's outbox relay would.</summary>
    public async Task<IBusControl> StartPublisherAsync()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(Host, (ushort)Port, Name, h =>
        {
            h.Username(Username);
            h.Password(Password);
        }));
        await bus.StartAsync().ConfigureAwait(false);
        return bus;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            Server.DeleteVirtualHost(Name);
    }

    public override string ToString() => $"{Server} vhost {Name}";
}
