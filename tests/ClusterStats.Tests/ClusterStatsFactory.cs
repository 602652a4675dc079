using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>The real ClusterStats app on Kestrel, its own fresh database, and the shared real RabbitMQ node.</summary>
public sealed class ClusterStatsFactory : WebApplicationFactory<Program>
{
    private readonly string connectionString;

    public ClusterStatsFactory(string connectionString, RabbitMqServer rabbitMq)
    {
        this.connectionString = connectionString;
        VirtualHost = rabbitMq.CreateVirtualHost();
        UseKestrel(0);
        StartServer();
    }

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
        builder.UseTestInfrastructure(connectionString, VirtualHost);
    }
}
