using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>
/// Security events (rejected tokens, denied requests, sign-ins) go to one log category, "SmePlatform.Security",
/// with structured fields, so that monitoring can alert on them without parsing messages.
/// </summary>
public static partial class SecurityEvents
{
    public const string Category = "SmePlatform.Security";

    public static JwtBearerEvents ForJwtBearer() => new()
    {
        OnAuthenticationFailed = context =>
        {
            TokenRejected(Logger(context.HttpContext), context.Request.Method, context.Request.Path, context.Exception.GetType().Name);
            return Task.CompletedTask;
        },
    };

    public static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Token rejected for {Method} {Path}: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning,
        Message = "Request denied: {Method} {Path} by {Subject} (roles {Roles}, ward {Ward}, bank {BankId}): {Outcome}")]
    public static partial void Denied(ILogger logger, string method, string path, string? subject, string roles, string? ward,
        string? bankId, string outcome);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Signed in: {Subject} ({GrantType}) from {Remote}")]
    public static partial void SignedIn(ILogger logger, string subject, string grantType, string? remote);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Sign-in failed: {Subject} ({GrantType}) from {Remote}: {Reason}")]
    public static partial void SignInFailed(ILogger logger, string subject, string grantType, string? remote, string reason);
}

/// <summary>Logs every 401/403 the authorization middleware produces, then lets the default handler answer.</summary>
internal sealed class DeniedRequestLogger : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged || authorizeResult.Forbidden)
        {
            var user = context.User;
            SecurityEvents.Denied(SecurityEvents.Logger(context), context.Request.Method, context.Request.Path, user.Id(),
                string.Join(',', user.PlatformRoles()), user.Ward(), user.BankId(), authorizeResult.Challenged ? "unauthenticated" : "forbidden");
        }

        return inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
