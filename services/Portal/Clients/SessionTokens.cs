using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace SmePlatform.Portal.Clients;

/// <summary>
/// The signed-in sessions' tokens, on the server only: the browser's cookie carries a random session id. An access
/// token is renewed with the refresh token a minute before it expires, once per session however many calls wait for
/// it (a refresh token is one-time at the provider). In memory: a restart of the portal ends every session, and the
/// people sign in again (docs/adr/0041-portal-sign-in-backend-for-the-browser.md).
/// </summary>
public sealed class SessionTokens(IHttpClientFactory http, IOptionsMonitor<OpenIdConnectOptions> oidc, PortalOptions portal,
    TimeProvider clock, ILogger<SessionTokens> logger)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxSession = TimeSpan.FromHours(8);

    private sealed class Session(string access, string? refresh, DateTimeOffset expiresAt, DateTimeOffset openedAt)
    {
        public string Access { get; set; } = access;
        public string? Refresh { get; set; } = refresh;
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
        public DateTimeOffset OpenedAt { get; } = openedAt;
        public SemaphoreSlim Renewing { get; } = new(1, 1);
    }

    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);

    public string Open(string accessToken, string? refreshToken, TimeSpan expiresIn)
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        sessions[id] = new Session(accessToken, refreshToken, now + expiresIn, now);
        return id;
    }

    public bool IsOpen(string session) =>
        sessions.TryGetValue(session, out var found) && clock.GetUtcNow() - found.OpenedAt < MaxSession;

    public Task CloseAsync(string session)
    {
        sessions.TryRemove(session, out _);
        return Task.CompletedTask;
    }

    /// <summary>A current access token of the session, renewed if it is about to expire; null when the session is over.</summary>
    public async Task<string?> AccessTokenAsync(string session, CancellationToken cancellationToken)
    {
        if (!IsOpen(session) || !sessions.TryGetValue(session, out var found))
        {
            return null;
        }

        if (clock.GetUtcNow() < found.ExpiresAt - RenewBefore)
        {
            return found.Access;
        }

        await found.Renewing.WaitAsync(cancellationToken);
        try
        {
            if (clock.GetUtcNow() < found.ExpiresAt - RenewBefore)
            {
                return found.Access;
            }

            if (found.Refresh is null || await RenewAsync(found, cancellationToken) is false)
            {
                sessions.TryRemove(session, out _);
                return null;
            }

            return found.Access;
        }
        finally
        {
            found.Renewing.Release();
        }
    }

    private async Task<bool> RenewAsync(Session session, CancellationToken cancellationToken)
    {
        var options = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        using var client = http.CreateClient(nameof(SessionTokens));
        using var response = await client.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = portal.ClientId,
            ["refresh_token"] = session.Refresh!,
        }), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("A portal session ended: its refresh was refused ({Status})", (int)response.StatusCode);
            return false;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = body.RootElement;
        session.Access = root.GetProperty("access_token").GetString()!;
        session.Refresh = root.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : session.Refresh;
        session.ExpiresAt = clock.GetUtcNow() + TimeSpan.FromSeconds(root.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300);
        return true;
    }
}
