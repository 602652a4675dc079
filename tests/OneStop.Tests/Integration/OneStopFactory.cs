using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>
/// The real OneStop app on Kestrel (a real socket, so the server's limits apply as in production), its own fresh
/// database and the shared real RabbitMQ node.
/// </summary>
public sealed class OneStopFactory : WebApplicationFactory<Program>
{
    private readonly Action<IWebHostBuilder>? configure;

    /// <param name="configure">Test-specific settings and services (a manual clock, timer settings), applied last.</param>
    public OneStopFactory(string connectionString, RabbitMqServer rabbitMq, Action<IWebHostBuilder>? configure = null)
    {
        ConnectionString = connectionString;
        VirtualHost = rabbitMq.CreateVirtualHost();
        this.configure = configure;
        UseKestrel(0);
        StartServer();
    }

    /// <param name="settings">Extra configuration, e.g. the reclassification worker's batch size or switch.</param>
    public OneStopFactory(string connectionString, RabbitMqServer rabbitMq, IReadOnlyDictionary<string, string> settings)
        : this(connectionString, rabbitMq, builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        })
    {
    }

    public string ConnectionString { get; }

    /// <summary>The factory's own virtual host on the shared node: stops the host first, then deletes the virtual host.</summary>
    public RabbitMqVirtualHost VirtualHost { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        VirtualHost.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestInfrastructure(ConnectionString, VirtualHost);
        builder.UseSetting("Limits:MaxRequestBodyBytes", "65536");
        configure?.Invoke(builder);
    }
}
