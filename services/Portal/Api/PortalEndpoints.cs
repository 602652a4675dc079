using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Localization;
using SmePlatform.Portal.Clients;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Portal.Api;

/// <summary>The portal's own few HTTP endpoints beside its pages: the language switch and sign-out.</summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/culture/{culture}", SetCulture)
            .RequireAccess("the signed-in user's own language choice", [.. Roles.Staff]);
        routes.MapPost("/signout", SignOutAsync).DisableAntiforgery() // checked below, so a stale form signs out anyway
            .RequireAccess("the signed-in user's own session", [.. Roles.Staff]);
        return routes;
    }

    /// <summary>Remembers the language for a year and goes back to the page (only a path of this site).</summary>
    private static IResult SetCulture(string culture, string? returnUrl, HttpContext context)
    {
        var chosen = PortalModule.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
        {
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // A forged sign-out would only end a session, but it is still refused: sign-out is the user's own act.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect("/");
        }

        await PortalSignIn.SignOutAsync(context);
        return Results.LocalRedirect("/signed-out");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

/// <summary>
/// The portal's content security policy: its own scripts only, its own origin for the circuit's WebSocket, no frames.
/// Inline styles are allowed: Radzen's components position and size themselves with style attributes.
/// </summary>
public static class PortalSecurityHeaders
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(context);
        });
        return app;
    }
}
