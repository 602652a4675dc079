using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// The gateway's built-in OAuth 2.0 token endpoint and OpenID Connect discovery, for running without an external
/// provider. Production points Auth:Authority at an external provider and leaves this off.
/// </summary>
public static partial class LocalIdentityProvider
{
    /// <summary>Registers the provider when enabled; returns whether it is. Refuses unsafe combinations.</summary>
    public static bool AddLocalIdentityProvider(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Identity").Get<LocalProviderOptions>() ?? new LocalProviderOptions();
        var development = builder.Environment.IsDevelopment();
        if (!(options.Enabled ?? development))
        {
            return false;
        }

        if (!development && options.SeedDemoIdentities)
        {
            throw new InvalidOperationException(
                "Identity:SeedDemoIdentities is on outside Development: the demo passwords are public. Refusing to start.");
        }

        if (!development && options.Enabled is not true)
        {
            throw new InvalidOperationException("The local identity provider runs outside Development only when Identity:Enabled is true.");
        }

        var keys = SigningKeys.LoadOrCreate(Path.IsPathRooted(options.KeyPath)
            ? options.KeyPath
            : Path.Combine(builder.Environment.ContentRootPath, options.KeyPath));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(options.SeedDemoIdentities ? DemoIdentities.Create() : new LocalDirectory([], []));
        builder.Services.AddSingleton(sp => new Lockout(sp.GetRequiredService<TimeProvider>(), options.LockoutFailures,
            duration: TimeSpan.FromMinutes(options.LockoutMinutes)));
        builder.Services.AddSingleton(sp => new RefreshTokens(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromHours(options.RefreshTokenHours)));
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<TokenEndpoint>();

        // The gateway validates its own tokens with the keys in hand: no discovery round trip to itself.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            jwt.Configuration = new OpenIdConnectConfiguration { Issuer = options.Issuer.TrimEnd('/') };
            foreach (var key in keys.Keys)
            {
                jwt.Configuration.SigningKeys.Add(key);
            }

            // JwtBearer's own post-configuration already created a discovery-fetching manager; use the keys in hand.
            jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(jwt.Configuration);
        });
        return true;
    }

    public static void MapLocalIdentityProvider(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<LocalProviderOptions>();
        var issuer = options.Issuer.TrimEnd('/');

        app.MapPost("/connect/token", (HttpContext context, TokenEndpoint endpoint) => endpoint.HandleAsync(context))
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .AllowAnonymousByDesign("the OAuth 2.0 token endpoint: callers authenticate with the credentials they send");

        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = issuer + "/.well-known/jwks.json",
            ["token_endpoint"] = issuer + "/connect/token",
            ["grant_types_supported"] = new[] { "password", "client_credentials", "refresh_token" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["response_types_supported"] = new[] { "token" },
            ["subject_types_supported"] = new[] { "public" },
            ["claims_supported"] = new[] { "sub", "name", "role", "ward", "bank_id" },
        })).AllowAnonymousByDesign("OpenID Connect discovery is public by definition");

        app.MapGet("/.well-known/jwks.json", (SigningKeys keys) =>
        {
            var body = new StringBuilder("{\"keys\":[");
            body.AppendJoin(',', keys.Published.Select(k => System.Text.Json.JsonSerializer.Serialize(new
            {
                kty = k.Kty, use = k.Use, alg = k.Alg, kid = k.Kid, crv = k.Crv, x = k.X, y = k.Y,
            })));
            body.Append("]}");
            return Results.Content(body.ToString(), "application/json");
        }).AllowAnonymousByDesign("public keys that verify token signatures");
    }
}
