using SmePlatform.Gateway.Identity;

namespace SmePlatform.Gateway;

/// <summary>
/// The gateway's security wiring in one place: the local identity provider (when enabled), rate limits, security
/// headers, HSTS outside Development, and no CORS (no cross-origin caller is allowed until one is named).
/// Authentication and the fallback "authenticated" policy come from AddServiceDefaults, as in every service.
/// </summary>
public static class GatewaySecurity
{
    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        builder.AddLocalIdentityProvider();
        builder.Services.AddGatewayRateLimits(builder.Configuration);
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        builder.Services.AddTransient<IStartupFilter, SecurityHeaders>();
        return builder;
    }

    /// <summary>After authentication (so limits are per caller), before the proxy and the endpoints.</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        app.UseRateLimiter();
        if (app.Services.GetService<LocalProviderOptions>() is not null)
        {
            app.MapLocalIdentityProvider();
        }

        return app;
    }

    /// <summary>
    /// HSTS (outside Development) and the security headers, first in the pipeline: the identity provider answers
    /// discovery, the JWKS and protocol errors from the authentication middleware, before any endpoint.
    /// </summary>
    private sealed class SecurityHeaders(IWebHostEnvironment environment) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (!environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.Use(static (context, next) =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                return next(context);
            });
            next(app);
        };
    }
}
