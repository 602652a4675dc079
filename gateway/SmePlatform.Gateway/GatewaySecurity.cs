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
                // As the answer starts, where the answer has not set its own: the staff portal's pages (proxied) carry
                // their own policy, which lets them run their scripts; a second, stricter policy would stop them.
                context.Response.OnStarting(static state =>
                {
                    var headers = ((HttpResponse)state).Headers;
                    headers.TryAdd("X-Content-Type-Options", "nosniff");
                    headers.TryAdd("X-Frame-Options", "DENY");
                    headers.TryAdd("Referrer-Policy", "no-referrer");
                    headers.TryAdd("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
                    return Task.CompletedTask;
                }, context.Response);
                return next(context);
            });
            next(app);
        };
    }
}
