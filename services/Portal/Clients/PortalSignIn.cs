using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Portal.Clients;

/// <summary>
/// Sign-in by the authorization code flow with PKCE at the platform's OpenID Connect server (the gateway's, or the
/// city's in production: Auth:Authority), then a session cookie that names a server-side session and nothing else.
/// The tokens go to <see cref="SessionTokens"/>, never to the browser (docs/adr/0041-portal-sign-in-backend-for-the-browser.md).
/// </summary>
public static class PortalSignIn
{
    /// <summary>The claim in the session cookie that names the server-side session (its tokens).</summary>
    public const string SessionClaim = "portal_session";

    public const string CallbackPath = "/signin-callback";

    private const string StaffOnly = "Only the city's staff sign in to the portal.";

    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder, PortalOptions portal)
    {
        var auth = builder.Configuration.GetSection("Auth").Get<PlatformAuthOptions>() ?? new PlatformAuthOptions();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddAuthentication(options =>
            {
                // The services' bearer scheme (ServiceDefaults) stays registered but unused: people carry a cookie here.
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultAuthenticateScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                options.DefaultForbidScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "sme.portal";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The session lasts as long as its refresh token can be renewed; a working day.
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = false;
                cookie.AccessDeniedPath = "/denied";
                cookie.Events.OnValidatePrincipal = context =>
                {
                    // A session whose tokens are gone (sign-out, a restart, a refused refresh) is over.
                    var tokens = context.HttpContext.RequestServices.GetRequiredService<SessionTokens>();
                    if (context.Principal?.FindFirstValue(SessionClaim) is not { } session || !tokens.IsOpen(session))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = auth.Authority;
                oidc.MetadataAddress = auth.MetadataAddress ?? auth.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
                oidc.RequireHttpsMetadata = oidc.MetadataAddress.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                    || !Uri.TryCreate(oidc.MetadataAddress, UriKind.Absolute, out var metadata) || !metadata.IsLoopback;
                oidc.ClientId = portal.ClientId;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back in the query of a top-level redirect: no auto-posting page (the server's pages run
                // no script) and the correlation cookie can stay SameSite=Lax.
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.CallbackPath = CallbackPath;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("offline_access");
                oidc.MapInboundClaims = false;
                oidc.SaveTokens = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.TokenValidationParameters.NameClaimType = PlatformClaims.Name;
                oidc.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.Events.OnTokenValidated = OpenSession;
                oidc.Events.OnRemoteFailure = context =>
                {
                    // Not staff: the refusal page. Anything else (a stale or replayed callback): sign in afresh.
                    context.Response.Redirect(context.Failure?.Message == StaffOnly ? "/denied" : "/");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        return builder;
    }

    /// <summary>Only the city's staff may use the portal; their tokens go to the server-side session named in the cookie.</summary>
    private static Task OpenSession(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!Roles.Staff.Any(principal.IsInRole))
        {
            context.Fail(StaffOnly);
            return Task.CompletedTask;
        }

        var response = context.TokenEndpointResponse!;
        var tokens = context.HttpContext.RequestServices.GetRequiredService<SessionTokens>();
        var session = tokens.Open(response.AccessToken, response.RefreshToken, ExpiresIn(response));
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, session));
        // The id token and the code are not needed once the session holds the tokens.
        context.Properties!.Items.Remove(".Token.id_token");
        return Task.CompletedTask;
    }

    private static TimeSpan ExpiresIn(OpenIdConnectMessage response) =>
        int.TryParse(response.ExpiresIn, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(5);

    /// <summary>Ends the session here: the cookie and the tokens. The provider keeps no sign-in session of its own.</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(SessionClaim) is { } session)
        {
            await context.RequestServices.GetRequiredService<SessionTokens>().CloseAsync(session);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
