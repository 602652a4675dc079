using System.Globalization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Radzen;
using SmePlatform.Portal.Api;
using SmePlatform.Portal.Clients;
using SmePlatform.Portal.Components;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Portal;

/// <summary>Section "Portal": where the gateway is (every API call goes through it) and the portal's client id there.</summary>
public sealed class PortalOptions
{
    public string GatewayUrl { get; set; } = "http://127.0.0.1:8080";

    public string ClientId { get; set; } = "staff-portal";
}

/// <summary>
/// The staff portal: Blazor with server-side interactivity, signed in through the platform's OpenID Connect server, and
/// a backend for the browser (tokens stay here; the browser holds a session cookie only). Every figure it shows comes
/// from the services' own APIs through the gateway with the user's token (docs/portal.md).
/// </summary>
public static class PortalModule
{
    /// <summary>Chinese first (the users are Shenyang's staff); English one click away.</summary>
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddPortalModule(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Portal").Get<PortalOptions>() ?? new PortalOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddLocalization();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRadzenComponents();
        builder.AddPortalSignIn(options);
        builder.Services.AddGatewayClients(options);
        return builder;
    }

    /// <summary>
    /// Behind the gateway the browser's host is the gateway's (X-Forwarded-Host from YARP): the sign-in's redirect URI,
    /// the cookies and Blazor's base address must be built from it. Only loopback proxies are believed (the default).
    /// </summary>
    public static WebApplication UsePortalForwardedHeaders(this WebApplication app)
    {
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.All };
        app.UseForwardedHeaders(forwarded);
        return app;
    }

    public static WebApplication MapPortalModule(this WebApplication app)
    {
        app.UseRequestLocalization(localization =>
        {
            localization.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            localization.SupportedCultures = Cultures;
            localization.SupportedUICultures = Cultures;
            // The choice is remembered in a cookie; the browser's own language does not override it.
            localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UsePortalSecurityHeaders();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymousByDesign("the portal's scripts and styles: no data");
        app.MapPortalEndpoints();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAccess("each page calls the services' APIs with the user's token, which decide what it shows", [.. Roles.Staff]);
        return app;
    }
}
