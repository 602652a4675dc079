using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// The gateway's built-in OpenID Connect provider (OpenIddict), for running without an external provider. Production
/// points Auth:Authority at the city's provider and leaves this off (docs/adr/0017-identity-on-openiddict.md).
/// Everything of it is in this folder; it needs only ServiceDefaults and the gateway's sign-in rate limit.
/// </summary>
public static class LocalIdentityProvider
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
        var directory = (options.SeedDemoIdentities ? DemoIdentities.Create() : new LocalDirectory([], []))
            .WithPublicClients(options.PortalRedirectUris.Count == 0
                ? []
                : [new LocalPublicClient(options.PortalClientId, "员工门户 Staff portal", options.PortalRedirectUris)]);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(directory);
        builder.Services.AddSingleton(sp => new Lockout(sp.GetRequiredService<TimeProvider>(), options.LockoutFailures,
            duration: TimeSpan.FromMinutes(options.LockoutMinutes)));
        builder.Services.AddSingleton<GrantLedger>();
        builder.Services.AddSingleton<TokenEndpoint>();
        builder.Services.AddSingleton<AuthorizeEndpoint>();
        builder.Services.AddAntiforgery();
        builder.Services.AddLocalOpenIddict(options, keys, development);

        // The gateway validates its own tokens with the keys in hand: no discovery round trip to itself.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            jwt.Configuration = new OpenIdConnectConfiguration { Issuer = IdentityServerSetup.IssuerUri(options).AbsoluteUri };
            foreach (var key in keys.Keys)
            {
                jwt.Configuration.SigningKeys.Add(key);
            }

            // JwtBearer's own post-configuration already created a discovery-fetching manager; use the keys in hand.
            jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(jwt.Configuration);
        });
        return true;
    }

    /// <summary>
    /// The endpoints OpenIddict passes through to us once it has validated the protocol: the token endpoint and the
    /// authorization endpoint (the sign-in page). Discovery and the JWKS are answered by OpenIddict itself.
    /// </summary>
    public static void MapLocalIdentityProvider(this WebApplication app)
    {
        app.MapPost("/connect/token", (HttpContext context, TokenEndpoint endpoint) => endpoint.HandleAsync(context))
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .AllowAnonymousByDesign("the OAuth 2.0 token endpoint: callers authenticate with the credentials they send");

        app.MapGet("/connect/authorize", (HttpContext context, AuthorizeEndpoint endpoint) => endpoint.ShowAsync(context))
            .AllowAnonymousByDesign("the sign-in page: who signs in is not known yet");

        app.MapPost("/connect/authorize", (HttpContext context, AuthorizeEndpoint endpoint) => endpoint.SignInAsync(context))
            .DisableAntiforgery() // validated by the endpoint itself, so a failure re-renders the page instead of a bare 400
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .AllowAnonymousByDesign("the sign-in form: callers authenticate with the credentials they send");
    }
}
