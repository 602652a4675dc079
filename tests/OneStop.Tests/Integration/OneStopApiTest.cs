using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Integration;

/// <summary>
/// A test class against OneStop over HTTP: a fresh app and database per test, and clients signed in as any role;
/// the usual actor is a Heping counter clerk.
/// </summary>
public abstract class OneStopApiTest(InfrastructureFixture infra) : IAsyncLifetime
{
    protected OneStopFactory Factory { get; private set; } = null!;

    /// <summary>counter_staff of ward Heping.</summary>
    protected HttpClient Clerk { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new OneStopFactory(await infra.Postgres.CreateDatabaseAsync(), infra.RabbitMq);
        Clerk = As("counter_staff", "heping");
    }

    public async Task DisposeAsync()
    {
        Clerk.Dispose();
        await Factory.DisposeAsync();
    }

    protected HttpClient As(string role, string? ward = null) => Factory.CreateClient().WithToken(TestTokens.Issue(role, ward));
}
