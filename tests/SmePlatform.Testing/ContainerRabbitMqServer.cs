using Testcontainers.RabbitMq;

namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away RabbitMQ node in a container (Testcontainers' RabbitMq module) of the given image, a
/// management image (the virtual hosts are created through its HTTP API), with AMQP and management ports published on
/// 127.0.0.1. Disposing removes the container and its data.
/// </summary>
public sealed class ContainerRabbitMqServer : RabbitMqServer
{
    private const int ManagementContainerPort = 15672;

    private readonly RabbitMqContainer _container;

    private ContainerRabbitMqServer(RabbitMqContainer container, int port, int managementPort)
        : base(port, managementPort, RabbitMqBuilder.DefaultUsername, RabbitMqBuilder.DefaultPassword)
    {
        _container = container;
    }

    /// <summary>The image it runs, as given to Docker.</summary>
    public string Image => _container.Image.FullName;

    public static async Task<ContainerRabbitMqServer> StartAsync(string image, CancellationToken ct = default)
    {
        int port = 0, managementPort = 0;
        var container = await Containers.StartAsync("RabbitMQ", image, () =>
        {
            port = FreePort.Next();
            managementPort = FreePort.Next();
            return new RabbitMqBuilder(image)
                .WithPortBinding(port, RabbitMqBuilder.RabbitMqPort)
                .WithPortBinding(managementPort, ManagementContainerPort)
                .WithCreateParameterModifier(Containers.PublishOnLoopbackOnly)
                .Build();
        }, ct).ConfigureAwait(false);
        return new ContainerRabbitMqServer(container, port, managementPort);
    }

    public override Task StopAsync(CancellationToken ct = default) => _container.StopAsync(ct);

    public override Task RestartAsync(CancellationToken ct = default) => _container.StartAsync(ct);

    protected override ValueTask DisposeNodeAsync() => Containers.RemoveAsync(_container);

    public override string ToString() => $"RabbitMQ 127.0.0.1:{Port} (container {_container.Name}, {Image})";
}
