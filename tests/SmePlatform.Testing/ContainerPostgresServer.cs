using Testcontainers.PostgreSql;

namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away PostgreSQL 15 in a container (Testcontainers' PostgreSql module) of the given image,
/// configured as the local test clusters are (fsync off, 200 connections), published on 127.0.0.1. Disposing removes
/// the container and its data.
/// </summary>
public sealed class ContainerPostgresServer : PostgresServer
{
    private readonly PostgreSqlContainer _container;
    private int _disposed;

    private ContainerPostgresServer(PostgreSqlContainer container, int port)
        : base(port, PostgreSqlBuilder.DefaultUsername, PostgreSqlBuilder.DefaultPassword)
    {
        _container = container;
    }

    /// <summary>The image it runs, as given to Docker.</summary>
    public string Image => _container.Image.FullName;

    public static async Task<ContainerPostgresServer> StartAsync(string image, CancellationToken ct = default)
    {
        var port = 0;
        var container = await Containers.StartAsync("PostgreSQL", image, () =>
        {
            port = FreePort.Next();
            return new PostgreSqlBuilder(image)
                .WithPortBinding(port, PostgreSqlBuilder.PostgreSqlPort)
                // The module already turns fsync, full_page_writes and synchronous_commit off; the services' tests
                // open many pooled connections at once, as on the local clusters.
                .WithCommand("-c", "max_connections=200")
                .WithCreateParameterModifier(Containers.PublishOnLoopbackOnly)
                .Build();
        }, ct).ConfigureAwait(false);
        return new ContainerPostgresServer(container, port);
    }

    public override Task StopAsync(CancellationToken ct = default) => _container.StopAsync(ct);

    public override Task RestartAsync(CancellationToken ct = default) => _container.StartAsync(ct);

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            await Containers.RemoveAsync(_container).ConfigureAwait(false);
    }

    public override string ToString() => $"PostgreSQL 127.0.0.1:{Port} (container {_container.Name}, {Image})";
}
