using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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

    public DiagnosisFactory(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq) => StartWithGrpcPort();

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Where the service looks for the one-stop centre: a port nothing listens on, so referrals find it away.</summary>
    public Uri OneStopGrpcUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Services:onestop:GrpcUrl", OneStopGrpcUrl.ToString());
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
