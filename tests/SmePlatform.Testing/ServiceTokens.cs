using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SmePlatform.Testing;

/// <summary>
/// The token endpoint a service signs in at (ServiceIdentity:TokenEndpoint) when a test runs another real service in
/// process: client credentials give a test token of role service for the client <see cref="Subject"/>, which the
/// in-process services trust (<see cref="TestTokens"/>).
/// </summary>
public sealed class ServiceTokens : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServiceTokens(WebApplication app, Uri tokenEndpoint)
    {
        this.app = app;
        TokenEndpoint = tokenEndpoint;
    }

    public Uri TokenEndpoint { get; }

    /// <summary>The client the tokens name (sub); CreditGuarantee's own by default.</summary>
    public string Subject { get; set; } = "guarantee-service";

    public static async Task<ServiceTokens> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var tokens = new ServiceTokens(app, new Uri($"http://127.0.0.1:{port}/connect/token"));
        app.MapPost("/connect/token", (HttpRequest request) => request.Form["grant_type"] == "client_credentials"
            ? Results.Json(new { access_token = TestTokens.Issue("service", subject: tokens.Subject), token_type = "Bearer", expires_in = 600 })
            : Results.BadRequest());
        await app.StartAsync();
        return tokens;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
