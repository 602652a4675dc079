using System.Security.Claims;
using OpenIddict.Abstractions;
using SmePlatform.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// The principal OpenIddict turns into tokens. The access token carries exactly the claims the services read
/// (PlatformClaims: sub, name, role, ward, bank_id) plus client_id, for the audience "smeplatform"; the grant and
/// session ids the <see cref="GrantLedger"/> checks have no destination, so they stay inside codes and refresh tokens.
/// </summary>
public static class PlatformPrincipal
{
    public const string GrantIdClaim = "sme_grant";
    public const string SessionClaim = "sme_session";

    public static ClaimsPrincipal ForUser(LocalUser user, LocalProviderOptions options) =>
        Build(user.Username, user.DisplayName, user.Roles, user.Ward, bankId: null, options, scopes: [Scopes.OfflineAccess]);

    public static ClaimsPrincipal ForClient(LocalClient client, LocalProviderOptions options) =>
        Build(client.ClientId, client.DisplayName, client.Roles, ward: null, client.BankId, options, scopes: []);

    /// <summary>Adds a fresh grant id (and the session, new or carried over) for the code or refresh token about to be issued.</summary>
    public static ClaimsPrincipal WithGrant(this ClaimsPrincipal principal, GrantLedger ledger, string? session, TimeSpan lifetime, TimeProvider clock)
    {
        session ??= Guid.NewGuid().ToString("N");
        principal.SetClaim(SessionClaim, session);
        principal.SetClaim(GrantIdClaim, ledger.Issue(session, clock.GetUtcNow() + lifetime));
        return principal;
    }

    private static ClaimsPrincipal Build(string subject, string name, IReadOnlyList<string> roles, string? ward, string? bankId,
        LocalProviderOptions options, IReadOnlyList<string> scopes)
    {
        var identity = new ClaimsIdentity(OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            PlatformClaims.Name, PlatformClaims.Role);
        identity.SetClaim(PlatformClaims.Subject, subject);
        identity.SetClaim(PlatformClaims.Name, name);
        identity.SetClaims(PlatformClaims.Role, [.. roles]);
        if (ward is not null)
        {
            identity.SetClaim(PlatformClaims.Ward, ward);
        }

        if (bankId is not null)
        {
            identity.SetClaim(PlatformClaims.BankId, bankId);
        }

        identity.SetAudiences(options.Audience);
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type switch
        {
            PlatformClaims.Subject or PlatformClaims.Name or PlatformClaims.Role or PlatformClaims.Ward or PlatformClaims.BankId
                => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [],
        });
        return new ClaimsPrincipal(identity);
    }
}
