using Microsoft.AspNetCore.Hosting;
using SmePlatform.Testing;

namespace SmePlatform.Matching.Tests;

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}

/// <summary>
/// The real Matching app on Kestrel (its REST port and its gRPC port), its own fresh database, its own virtual host on the shared real RabbitMQ node, and
/// a stand-in for OneStop's register speaking real gRPC (<see cref="StubRegister"/>), so the service's own register client,
/// service token and error mapping run unchanged.
/// </summary>
public sealed class MatchingFactory : ServiceUnderTest<Program>
{
    public MatchingFactory(string connectionString, RabbitMqServer rabbitMq, StubRegister register)
        : base(connectionString, rabbitMq)
    {
        Register = register;
        StartWithGrpcPort();
    }

    public StubRegister Register { get; }

    /// <summary>A client of the REST port with a test token for the role (and ward or subject).</summary>
    public HttpClient ClientFor(string role, string? ward = null, string? subject = null) =>
        Anonymous().WithToken(TestTokens.Issue(role, ward: ward, subject: subject));

    /// <summary>A client of the REST port without a token, asking for English as every factory client does.</summary>
    public HttpClient Anonymous()
    {
        var client = new HttpClient { BaseAddress = RestUrl };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Services:onestop:GrpcUrl", Register.GrpcUrl.ToString());
        // The suggestion refresh runs every second here (5 minutes in production), so expiries are caught up within a poll.
        builder.UseSetting("Matching:RefreshInterval", "00:00:01");
        builder.UseSetting("ServiceIdentity:TokenEndpoint", new Uri(Register.HttpUrl, "/connect/token").ToString());
    }
}
