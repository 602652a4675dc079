using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmePlatform.Diagnosis.Clients;

namespace SmePlatform.Diagnosis.Tests;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>
/// The real Diagnosis app on real sockets (REST and its HTTP/2 gRPC port), its own fresh database, the shared real
/// RabbitMQ node, and a clock the test moves (<see cref="Clock"/>, mid-2026 at start: fiscal year 2027 is in the future).
/// </summary>
public sealed class DiagnosisFactory : ServiceUnderTest<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Configuration over the service's: e.g. where the cluster registry is (<see cref="ClusterStatsHost"/>).</param>
    public DiagnosisFactory(string connectionString, RabbitMqServer rabbitMq, IReadOnlyDictionary<string, string>? settings = null)
        : base(connectionString, rabbitMq)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        StartWithGrpcPort();
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Where the service looks for the one-stop centre: a port nothing listens on, so referrals find it away.</summary>
    public Uri OneStopGrpcUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        // No cluster registry unless a test starts one: nothing listens here, so the cluster group is unavailable, and a
        // registry running on the developer's machine is never asked.
        builder.UseSetting(ClusterRegistryClient.AddressKey, $"http://127.0.0.1:{FreePort.Next()}");
        builder.UseSetting("Services:onestop:GrpcUrl", OneStopGrpcUrl.ToString());
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client of the REST port signed in as <paramref name="role"/>, asking for English answers (the tests assert the code's words).</summary>
    public HttpClient As(string role, string? ward = null, string? subject = null) =>
        Anonymous().WithToken(TestTokens.Issue(role, ward: ward, subject: subject));

    /// <summary>A client of the REST port without a token, asking for English answers.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient { BaseAddress = RestUrl };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}
