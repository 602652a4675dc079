using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.Testing;

namespace SmePlatform.ClusterStats.Tests;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>
/// The real ClusterStats app on Kestrel, its own fresh database, the shared real RabbitMQ node, and a clock the test
/// moves (<see cref="Clock"/>). The monthly snapshot job is off: tests take snapshots when their story needs one.
/// </summary>
public sealed class ClusterStatsFactory : ServiceUnderTest<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 15, 2, 0, 0, TimeSpan.Zero);

    public ClusterStatsFactory(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq)
    {
        UseKestrel(0);
        StartServer();
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting(MonthlySnapshotJob.AutomaticKey, "false");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client signed in as <paramref name="role"/>.</summary>
    public HttpClient As(string role, string? ward = null, string? bankId = null) =>
        CreateClient().WithToken(TestTokens.Issue(role, ward: ward, bankId: bankId));
}
