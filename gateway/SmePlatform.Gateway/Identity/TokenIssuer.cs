using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway.Identity;

/// <summary>Signs short-lived access tokens (JWT, ES256) carrying the platform's claims.</summary>
public sealed class TokenIssuer(SigningKeys keys, LocalProviderOptions options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.AccessTokenMinutes);

    public string Issue(string subject, string name, IReadOnlyList<string> roles, string? ward, string? bankId, string clientId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = subject,
            [PlatformClaims.Name] = name,
            [PlatformClaims.Role] = roles.Count == 1 ? roles[0] : roles.ToArray(),
            ["client_id"] = clientId,
            [JwtRegisteredClaimNames.Jti] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
        if (ward is not null)
        {
            claims[PlatformClaims.Ward] = ward;
        }

        if (bankId is not null)
        {
            claims[PlatformClaims.BankId] = bankId;
        }

        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer.TrimEnd('/'),
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = keys.Credentials,
        });
    }
}
