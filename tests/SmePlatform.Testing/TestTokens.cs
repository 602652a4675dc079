using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Testing;

/// <summary>
/// Tokens for in-process service tests, signed with a test key the service under test is told to trust (the real
/// validation path: issuer, audience, lifetime, ES256 signature). Platform tests use the gateway's real provider.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "smeplatform";

    public static readonly ECDsaSecurityKey Key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key" };

    public static string Issue(string role, string? ward = null, string? bankId = null, string? subject = null,
        TimeSpan? lifetime = null, SecurityKey? signingKey = null, string? audience = null, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = subject ?? role + "." + (ward ?? bankId ?? "test"),
            [PlatformClaims.Name] = "Test " + role,
            [PlatformClaims.Role] = role,
        };
        if (ward is not null)
        {
            claims[PlatformClaims.Ward] = ward;
        }

        if (bankId is not null)
        {
            claims[PlatformClaims.BankId] = bankId;
        }

        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? Audience,
            Claims = claims,
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signingKey ?? Key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>
    /// Makes the service under test trust <see cref="Key"/> for <see cref="Issuer"/> instead of fetching a JWKS
    /// (PostConfigure runs after the service's own configuration, whatever the registration order).
    /// </summary>
    public static IWebHostBuilder TrustTestTokens(this IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Authority", Issuer);
        builder.UseSetting("Auth:Audience", Audience);
        return builder.ConfigureServices(services => services.PostConfigure<JwtBearerOptions>(
            JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                jwt.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                jwt.Configuration.SigningKeys.Add(Key);
                // The framework's own post-configuration ran first and made a discovery-fetching manager: replace it.
                jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(jwt.Configuration);
            }));
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
