using Xunit;

namespace SmePlatform.Testing;

/// <summary>
/// One PostgreSQL cluster for a test class (IClassFixture) or a collection (ICollectionFixture);
/// give each test its own database with <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgresFixture is not initialized yet.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One RabbitMQ node for a test class or a collection.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqServer? _server;

    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("RabbitMqFixture is not initialized yet.");

    public async Task InitializeAsync() => _server = await RabbitMqServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>PostgreSQL and RabbitMQ started side by side, for integration tests that need both.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbitMq;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("InfrastructureFixture is not initialized yet.");

    public RabbitMqServer RabbitMq => _rabbitMq ?? throw new InvalidOperationException("InfrastructureFixture is not initialized yet.");

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var rabbitMq = RabbitMqServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, rabbitMq).ConfigureAwait(false);
        }
        finally
        {
            // Keep whichever started so that DisposeAsync stops it even when the other failed.
            _postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            _rabbitMq = rabbitMq.IsCompletedSuccessfully ? rabbitMq.Result : null;
        }
    }

    public async Task DisposeAsync()
    {
        if (_rabbitMq is not null)
            await _rabbitMq.DisposeAsync().ConfigureAwait(false);
        if (_postgres is not null)
            await _postgres.DisposeAsync().ConfigureAwait(false);
    }
}
