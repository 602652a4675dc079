using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.BuildingBlocks.Tests.Http;

/// <summary>
/// A database that is not there (nothing listens on its port, as when PostgreSQL is stopped) answers 503 with
/// Retry-After and a problem a client can act on, not a 500; a bug still answers 500.
/// </summary>
public sealed class DependencyOutageTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults("test");
        app = builder.Build();
        app.MapDefaultEndpoints();
        var port = UnusedPort();
        app.MapGet("/api/test/database", async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=3");
            await connection.OpenAsync();
            return Results.Ok();
        }).AllowAnonymousByDesign("test");
        app.MapGet("/api/test/bug", IResult () => throw new InvalidOperationException("a bug")).AllowAnonymousByDesign("test");
        await app.StartAsync();
        client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_database_that_is_away_answers_503_with_Retry_After()
    {
        using var response = await client.GetAsync("/api/test/database");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(DependencyOutage.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal(DependencyOutage.Code, body.GetProperty("code").GetString());
        Assert.DoesNotContain("refused", body.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bug_is_still_a_500_without_retry_advice()
    {
        using var response = await client.GetAsync("/api/test/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
