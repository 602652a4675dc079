using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>Section "ServiceIdentity": this service's own OAuth 2.0 client (docs/adr/0009-service-identity.md).</summary>
public sealed class ServiceIdentityOptions
{
    /// <summary>The token endpoint; by default {Auth:Authority}/connect/token (the gateway's local provider in Development).</summary>
    public string? TokenEndpoint { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment or a secret store (ServiceIdentity__ClientSecret); the demo value is in appsettings.Development.json only.</summary>
    public string? ClientSecret { get; set; }
}

public sealed class ServiceTokenUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A token for this service acting on its own behalf (role "service"), by the client-credentials grant
/// (docs/adr/0009-service-identity.md): what a service sends when it calls another one. Cached and renewed when a third
/// of its life is left; a renewal that fails keeps the current token while it is valid. Never the caller's token: the
/// called service decides what this service, not the end user, may read. Registered by
/// <see cref="ServiceIdentity.AddServiceIdentity"/>; give <see cref="GetAsync"/> to <c>AddPlatformGrpcClient</c> as the
/// token source of an outgoing client.
/// </summary>
public sealed class ServiceTokenProvider : IDisposable
{
    private readonly ServiceIdentityOptions options;
    private readonly Uri? tokenEndpoint;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly SemaphoreSlim renewing = new(1, 1);
    private readonly TimeProvider clock;
    private readonly ILogger<ServiceTokenProvider> logger;
    private (string Token, DateTimeOffset RenewAt, DateTimeOffset ExpiresAt)? current;

    public ServiceTokenProvider(IConfiguration configuration, PlatformAuthOptions auth, TimeProvider clock, ILogger<ServiceTokenProvider> logger)
    {
        options = configuration.GetSection("ServiceIdentity").Get<ServiceIdentityOptions>() ?? new ServiceIdentityOptions();
        var endpoint = options.TokenEndpoint ?? auth.Authority.TrimEnd('/') + "/connect/token";
        tokenEndpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
        this.clock = clock;
        this.logger = logger;
    }

    public bool IsConfigured => tokenEndpoint is not null && !string.IsNullOrEmpty(options.ClientId) && !string.IsNullOrEmpty(options.ClientSecret);

    /// <summary>A valid token, renewing it first when due.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (current is { } cached && now < cached.RenewAt)
        {
            return cached.Token;
        }

        await renewing.WaitAsync(cancellationToken);
        try
        {
            now = clock.GetUtcNow();
            if (current is { } again && now < again.RenewAt)
            {
                return again.Token;
            }

            try
            {
                current = await RequestAsync(cancellationToken);
                return current.Value.Token;
            }
            catch (ServiceTokenUnavailableException) when (current is { } stillValid && now < stillValid.ExpiresAt.AddSeconds(-30))
            {
                return stillValid.Token;
            }
        }
        finally
        {
            renewing.Release();
        }
    }

    private async Task<(string, DateTimeOffset, DateTimeOffset)> RequestAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            throw new ServiceTokenUnavailableException("ServiceIdentity:ClientId and ServiceIdentity:ClientSecret are not configured.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(
            System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(options.ClientId!) + ":" + Uri.EscapeDataString(options.ClientSecret!))));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ServiceTokenUnavailableException($"The token endpoint answered {(int)response.StatusCode}.");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var token = body.RootElement.GetProperty("access_token").GetString()
                ?? throw new ServiceTokenUnavailableException("The token endpoint returned no access token.");
            var lifetime = TimeSpan.FromSeconds(body.RootElement.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 300);
            var now = clock.GetUtcNow();
            logger.LogInformation("Obtained a service token for {ClientId}, valid {Seconds} s", options.ClientId, (int)lifetime.TotalSeconds);
            return (token, now + lifetime * 2 / 3, now + lifetime);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException
                                              or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new ServiceTokenUnavailableException("The token endpoint could not be reached or answered badly.", exception);
        }
    }

    public void Dispose()
    {
        http.Dispose();
        renewing.Dispose();
    }
}

/// <summary>
/// Gets the service token soon after start and keeps it fresh, so a request that calls another service rarely waits on
/// the token endpoint (and never finds its sign-in rate limit spent by others at that moment).
/// </summary>
public sealed class ServiceTokenWarmUp(ServiceTokenProvider tokens, ILogger<ServiceTokenWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!tokens.IsConfigured)
        {
            logger.LogWarning("ServiceIdentity is not configured: calls to other services are refused until it is.");
            return;
        }

        var delay = TimeSpan.FromSeconds(2);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tokens.GetAsync(stoppingToken);
                delay = TimeSpan.FromSeconds(30);
            }
            catch (ServiceTokenUnavailableException exception)
            {
                logger.LogDebug("Service token not available yet: {Reason}", exception.Message);
                delay = TimeSpan.FromSeconds(Math.Min(30, Math.Max(2, delay.TotalSeconds * 2)));
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class ServiceIdentity
{
    /// <summary>This service's own identity for calls to other services: the token provider, kept warm in the background.</summary>
    public static IServiceCollection AddServiceIdentity(this IServiceCollection services)
    {
        services.AddSingleton<ServiceTokenProvider>();
        services.AddHostedService<ServiceTokenWarmUp>();
        return services;
    }
}
