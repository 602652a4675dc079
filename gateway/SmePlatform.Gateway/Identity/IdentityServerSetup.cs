using System.Net;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// OpenIddict's server, configured for the platform: the same addresses as the hand-written provider had
/// (/connect/token, /.well-known/openid-configuration, /.well-known/jwks.json) plus /connect/authorize; ES256 access
/// tokens in clear (services read them), signed with the keys of <see cref="SigningKeys"/>.
/// </summary>
public static class IdentityServerSetup
{
    /// <summary>OpenIddict writes the issuer as an absolute URI, so an issuer with no path ends with "/".</summary>
    public static Uri IssuerUri(LocalProviderOptions options) => new(options.Issuer.TrimEnd('/') + "/");

    public static void AddLocalOpenIddict(this IServiceCollection services, LocalProviderOptions options, SigningKeys keys,
        bool development)
    {
        services.AddOpenIddict().AddServer(server =>
        {
            // Degraded mode: no OpenIddict stores, hence no Entity Framework Core next to our Dapper. The directory
            // (LocalDirectory) stands in for the application store, ClientValidation for the checks the application
            // manager would make, and GrantLedger for the token store's one-time use (ADR 0017).
            server.EnableDegradedMode();
            server.SetIssuer(IssuerUri(options));
            server.SetTokenEndpointUris("connect/token")
                .SetAuthorizationEndpointUris("connect/authorize")
                .SetConfigurationEndpointUris(".well-known/openid-configuration")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks.json");

            server.AllowPasswordFlow()
                .AllowClientCredentialsFlow()
                .AllowRefreshTokenFlow()
                .AllowAuthorizationCodeFlow()
                .RequireProofKeyForCodeExchange();
            // Staff scripts use the password grant without a client id, as they always have.
            server.AcceptAnonymousClients();
            server.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess);
            server.RegisterClaims("sub", "name", "role", "ward", "bank_id");

            server.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.AccessTokenMinutes))
                .SetRefreshTokenLifetime(TimeSpan.FromHours(options.RefreshTokenHours))
                .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(options.AuthorizationCodeMinutes));

            // The first key signs; every key is published. OpenIddict orders keys that are neither symmetric nor
            // certificates as equal, and its sort keeps equal keys in place for lists this short.
            foreach (var key in keys.Keys)
            {
                server.AddSigningKey(key);
            }

            // Codes and refresh tokens are encrypted with a key that lives as long as the process: the ledger that
            // makes them one-time lives in memory too, so none of them survives a restart either way.
            server.AddEphemeralEncryptionKey();
            server.DisableAccessTokenEncryption();

            // PKCE with S256 only: "plain" would let whoever sees the authorization request redeem the code.
            // private_key_jwt is not offered: no client here has a key pair registered.
            server.Configure(o =>
            {
                o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                o.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
            });

            server.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler =>
                handler.UseSingletonHandler<ClientValidation.AuthorizationRequest>());
            server.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler =>
                handler.UseSingletonHandler<ClientValidation.TokenRequest>());
            server.AddEventHandler<OpenIddictServerEvents.ApplyTokenResponseContext>(handler =>
                handler.UseSingletonHandler<ErrorUris>().SetOrder(ErrorUris.Order));
            server.AddEventHandler<OpenIddictServerEvents.ApplyAuthorizationResponseContext>(handler =>
                handler.UseSingletonHandler<ErrorUris>().SetOrder(ErrorUris.Order));

            var aspNetCore = server.UseAspNetCore()
                .EnableTokenEndpointPassthrough()
                .EnableAuthorizationEndpointPassthrough()
                // Compact JSON, as before: scripts cut the token out of the answer with sed (README).
                .SuppressJsonResponseIndentation();
            if (development || IsLoopback(options.Issuer))
            {
                // Plain HTTP for local runs and tests only; anywhere else the issuer is served over HTTPS.
                aspNetCore.DisableTransportSecurityRequirement();
            }
        });
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
}
