using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SmePlatform.ServiceDefaults.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// /connect/authorize after OpenIddict has validated the request (registered client, exact redirect URI, PKCE S256):
/// GET shows the sign-in page, POST checks the antiforgery token and the password and, on success, lets OpenIddict
/// redirect to the client with a one-time code. There is no sign-in cookie: every authorization asks for the password.
/// </summary>
public sealed class AuthorizeEndpoint(LocalDirectory directory, Lockout lockout, GrantLedger ledger, LocalProviderOptions options,
    TimeProvider clock, IAntiforgery antiforgery, ILoggerFactory loggers)
{
    private readonly ILogger security = loggers.CreateLogger(SecurityEvents.Category);

    public Task<IResult> ShowAsync(HttpContext context) => Task.FromResult(Request(context).HasPromptValue(PromptValues.None)
        // There is no sign-in session to reuse, so a silent request can only fail (OpenID Connect Core §3.1.2.6).
        ? Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The user must sign in.",
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme])
        : Page(context, error: null));

    public async Task<IResult> SignInAsync(HttpContext context)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, SignInPage.Expired);
        }

        var request = Request(context);
        var (username, password) = (request.Username ?? string.Empty, request.Password ?? string.Empty);
        if (username.Length == 0 || password.Length == 0)
        {
            return Page(context, SignInPage.Missing);
        }

        var remote = context.Connection.RemoteIpAddress?.ToString();
        switch (StaffSignIn.Check(directory, lockout, username, password))
        {
            case (StaffSignIn.Result.SignedIn, { } user, _):
                SecurityEvents.SignedIn(security, user.Username, "authorization_code", remote);
                var principal = PlatformPrincipal.ForUser(user, options)
                    .WithGrant(ledger, session: null, TimeSpan.FromMinutes(options.AuthorizationCodeMinutes), clock);
                // The scopes the portal asked for (openid, offline_access) are the ones this server knows; OpenIddict
                // refused any other before we got here.
                principal.SetScopes(request.GetScopes());
                return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            case (StaffSignIn.Result.Locked, _, var until):
                SecurityEvents.SignInFailed(security, username, "authorization_code", remote, "locked");
                return Page(context, SignInPage.Locked(until));
            default:
                SecurityEvents.SignInFailed(security, username, "authorization_code", remote, "bad credentials");
                return Page(context, SignInPage.Wrong);
        }
    }

    private IResult Page(HttpContext context, string? error)
    {
        var request = Request(context);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var client = directory.FindPublicClient(request.ClientId ?? string.Empty)?.DisplayName ?? request.ClientId ?? string.Empty;
        return SignInPage.Render(context.Request.PathBase + context.Request.Path, request, client, tokens, error, request.Username);
    }

    private static OpenIddictRequest Request(HttpContext context) => context.GetOpenIddictServerRequest()
        ?? throw new InvalidOperationException("OpenIddict passes only authorization requests it has validated to this endpoint.");
}
