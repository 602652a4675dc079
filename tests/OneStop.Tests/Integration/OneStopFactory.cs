using Microsoft.AspNetCore.Hosting;
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
public sealed class OneStopFactory : ServiceUnderTest<Program>
{
    private readonly Action<IWebHostBuilder>? configure;

    /// <param name="configure">Test-specific settings and services (a manual clock, timer settings), applied last.</param>
    public OneStopFactory(string connectionString, RabbitMqServer rabbitMq, Action<IWebHostBuilder>? configure = null)
        : base(connectionString, rabbitMq)
    {
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

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Limits:MaxRequestBodyBytes", "65536");
        configure?.Invoke(builder);
    }
}
