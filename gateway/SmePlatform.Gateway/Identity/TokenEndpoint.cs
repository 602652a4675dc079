using Microsoft.AspNetCore;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SmePlatform.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// POST /connect/token after OpenIddict has parsed and validated the request (RFC 6749): password grant for staff,
/// client credentials for banks and services, authorization codes (PKCE already verified by OpenIddict) and refresh
/// tokens for staff sessions. Errors are RFC 6749 §5.2 bodies written by OpenIddict (invalid_client is 401 with
/// WWW-Authenticate, responses are no-store). Failed passwords count towards the user's lockout; the answer does not
/// reveal whether a user name exists.
/// </summary>
public sealed class TokenEndpoint(LocalDirectory directory, Lockout lockout, GrantLedger ledger, LocalProviderOptions options,
    TimeProvider clock, ILoggerFactory loggers)
{
    private readonly ILogger security = loggers.CreateLogger(SecurityEvents.Category);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("OpenIddict passes only token requests it has parsed to this endpoint.");
        var remote = context.Connection.RemoteIpAddress?.ToString();
        // ClientValidation.TokenRequest has already matched the grant to the kind of caller.
        return request.GrantType switch
        {
            GrantTypes.Password => Password(request, remote),
            GrantTypes.ClientCredentials => ClientCredentials(request, remote),
            GrantTypes.AuthorizationCode => await RedeemAsync(context, "authorization code", remote),
            GrantTypes.RefreshToken => await RedeemAsync(context, "refresh token", remote),
            _ => Error(Errors.UnsupportedGrantType, $"'{request.GrantType}' is not supported."),
        };
    }

    private IResult Password(OpenIddictRequest request, string? remote)
    {
        var (username, password) = (request.Username ?? string.Empty, request.Password ?? string.Empty);
        if (username.Length == 0 || password.Length == 0)
        {
            return Error(Errors.InvalidRequest, "username and password are required.");
        }

        switch (StaffSignIn.Check(directory, lockout, username, password))
        {
            case (StaffSignIn.Result.Locked, _, var until):
                SecurityEvents.SignInFailed(security, username, GrantTypes.Password, remote, "locked");
                return Error(Errors.InvalidGrant, $"Too many failed sign-ins. Try again after {until:HH:mm} UTC or ask an administrator.");
            case (StaffSignIn.Result.SignedIn, { } user, _):
                SecurityEvents.SignedIn(security, user.Username, GrantTypes.Password, remote);
                return SignIn(PlatformPrincipal.ForUser(user, options), session: null);
            default:
                SecurityEvents.SignInFailed(security, username, GrantTypes.Password, remote, "bad credentials");
                return Error(Errors.InvalidGrant, "The user name or password is wrong.");
        }
    }

    private IResult ClientCredentials(OpenIddictRequest request, string? remote)
    {
        if (ClientValidation.VerifySecret(directory, request.ClientId!, request.ClientSecret!) is not { } client)
        {
            SecurityEvents.SignInFailed(security, request.ClientId!, GrantTypes.ClientCredentials, remote, "bad credentials");
            return Error(Errors.InvalidClient, "Client authentication failed.");
        }

        SecurityEvents.SignedIn(security, client.ClientId, GrantTypes.ClientCredentials, remote);
        return Results.SignIn(PlatformPrincipal.ForClient(client, options), authenticationScheme: Scheme);
    }

    /// <summary>
    /// An authorization code or a refresh token: OpenIddict has checked its signature, expiry, client binding and (for a
    /// code) the PKCE verifier; the ledger makes it one-time; the user's claims are read afresh from the directory.
    /// </summary>
    private async Task<IResult> RedeemAsync(HttpContext context, string what, string? remote)
    {
        var presented = (await context.AuthenticateAsync(Scheme)).Principal;
        var grant = presented?.GetClaim(PlatformPrincipal.GrantIdClaim);
        var outcome = grant is null ? GrantLedger.Outcome.Unknown : ledger.Redeem(grant);
        if (presented is null || outcome != GrantLedger.Outcome.Redeemed
            || directory.FindUser(presented.GetClaim(Claims.Subject) ?? string.Empty) is not { } user)
        {
            SecurityEvents.SignInFailed(security, presented?.GetClaim(Claims.Subject) ?? "(unknown)", what, remote, $"{what} {outcome}");
            return Error(Errors.InvalidGrant, $"The {what} is invalid, expired or already used. Sign in again.");
        }

        // The session keeps the scopes it was granted at sign-in (openid for the portal, offline_access for all staff).
        var principal = PlatformPrincipal.ForUser(user, options);
        principal.SetScopes(presented.GetScopes());
        return SignIn(principal, presented.GetClaim(PlatformPrincipal.SessionClaim));
    }

    /// <summary>Staff get a refresh token: a new grant of the session (a new one at sign-in).</summary>
    private IResult SignIn(ClaimsPrincipal principal, string? session) => Results.SignIn(
        principal.WithGrant(ledger, session, TimeSpan.FromHours(options.RefreshTokenHours), clock), authenticationScheme: Scheme);

    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    private static IResult Error(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [Scheme]);
}
