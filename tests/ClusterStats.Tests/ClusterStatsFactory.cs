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

    /// <param name="grpcPort">Also serve the gRPC port, as in production (clients then go to <see cref="ServiceUnderTest{TProgram}.RestUrl"/>).</param>
    public ClusterStatsFactory(string connectionString, RabbitMqServer rabbitMq, bool grpcPort = false)
        : base(connectionString, rabbitMq)
    {
        if (grpcPort)
        {
            StartWithGrpcPort();
            return;
        }

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
        Client().WithToken(TestTokens.Issue(role, ward: ward, bankId: bankId));

    /// <summary>A client of the REST port without a token, asking for English as every factory client does.</summary>
    public HttpClient Client()
    {
        if (GrpcUrl is null)
        {
            return CreateClient();
        }

        var client = new HttpClient { BaseAddress = RestUrl };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}
