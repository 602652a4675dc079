using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>The real ClusterStats app on Kestrel, its own fresh database, and the shared real RabbitMQ node.</summary>
public sealed class ClusterStatsFactory : ServiceUnderTest<Program>
{
    public ClusterStatsFactory(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq)
    {
        UseKestrel(0);
        StartServer();
    }
}
