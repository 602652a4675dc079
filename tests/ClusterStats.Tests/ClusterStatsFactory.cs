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
    private readonly RabbitMqServer rabbitMq;

    public ClusterStatsFactory(string connectionString, RabbitMqServer rabbitMq)
    {
        this.connectionString = connectionString;
        this.rabbitMq = rabbitMq;
        UseKestrel(0);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestInfrastructure(connectionString, rabbitMq);
    }
}
