using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>Where tokens come from and whom they are for (section "Auth").</summary>
public sealed class PlatformAuthOptions
{
    /// <summary>The OpenID Connect issuer: the gateway's local provider by default, the city's provider in production.
    /// Its discovery document (at <see cref="MetadataAddress"/>) names the JWKS the signatures are checked against.</summary>
    public string Authority { get; set; } = "http://127.0.0.1:8080";

    public string Audience { get; set; } = "smeplatform";

    /// <summary>Where to fetch the discovery document, when it differs from the issuer (e.g. inside a cluster).</summary>
    public string? MetadataAddress { get; set; }
}

public static class PlatformAuthentication
{
    /// <summary>Only asymmetric signatures are accepted: "none" and HMAC (key-confusion) tokens are refused.</summary>
    public static readonly string[] AcceptedAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];

    /// <summary>
    /// Every service validates tokens itself (issuer, audience, lifetime, signature from the issuer's JWKS) and
    /// requires an authenticated caller on every endpoint unless the endpoint says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddPlatformAuthentication(this WebApplicationBuilder builder,
        Action<JwtBearerOptions>? configure = null)
    {
        var options = builder.Configuration.GetSection("Auth").Get<PlatformAuthOptions>() ?? new PlatformAuthOptions();
        builder.Services.AddSingleton(options);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.Authority = options.Authority;
                jwt.MetadataAddress = options.MetadataAddress ?? options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
                jwt.Audience = options.Audience;
                jwt.MapInboundClaims = false;
                // Plain HTTP only to a loopback issuer (local runs and tests); anything else must be HTTPS.
                jwt.RequireHttpsMetadata = !IsLoopback(options.Authority) && !IsLoopback(jwt.MetadataAddress);
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    // One issuer, written either way: OpenIddict (the gateway's provider) writes an issuer without a
                    // path as "http://host:port/", other providers without the slash. The discovery document's own
                    // issuer is accepted too (JwtBearer adds it), so an external provider needs configuration only.
                    ValidIssuers = [options.Authority.TrimEnd('/'), options.Authority.TrimEnd('/') + "/"],
                    ValidAudience = options.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    ValidAlgorithms = AcceptedAlgorithms,
                    NameClaimType = PlatformClaims.Name,
                    RoleClaimType = PlatformClaims.Role,
                };
                jwt.Events = SecurityEvents.ForJwtBearer();
                configure?.Invoke(jwt);
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeniedRequestLogger>();
        return builder;
    }

    public static WebApplication UsePlatformAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static bool IsLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));
}
