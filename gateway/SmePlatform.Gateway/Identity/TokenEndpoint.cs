using System.Net.Http.Headers;
using System.Text;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// POST /connect/token (RFC 6749): password grant for staff, client credentials for banks, refresh tokens for
/// staff sessions. Errors follow RFC 6749 §5.2. Failed passwords count towards the user's lockout; the answer
/// does not reveal whether a user name exists.
/// </summary>
public sealed class TokenEndpoint(LocalDirectory directory, TokenIssuer issuer, Lockout lockout, RefreshTokens refreshTokens,
    ILoggerFactory loggers)
{
    private readonly ILogger security = loggers.CreateLogger(SecurityEvents.Category);

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error("invalid_request", "Send the parameters form-encoded (application/x-www-form-urlencoded).");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        return form["grant_type"].ToString() switch
        {
            "password" => Password(form["username"].ToString(), form["password"].ToString(), remote),
            "client_credentials" => ClientCredentials(context, form, remote),
            "refresh_token" => Refresh(form["refresh_token"].ToString(), remote),
            "" => Error("invalid_request", "grant_type is required."),
            var other => Error("unsupported_grant_type", $"'{other}' is not supported; use password, client_credentials or refresh_token."),
        };
    }

    private IResult Password(string username, string password, string? remote)
    {
        if (username.Length == 0 || password.Length == 0)
        {
            return Error("invalid_request", "username and password are required.");
        }

        if (lockout.IsLocked(username, out var until))
        {
            SecurityEvents.SignInFailed(security, username, "password", remote, "locked");
            return Error("invalid_grant", $"Too many failed sign-ins. Try again after {until:HH:mm} UTC or ask an administrator.");
        }

        var user = directory.FindUser(username);
        if (!SecretHasher.Verify(password, user?.SecretHash ?? SecretHasher.Decoy) || user is null)
        {
            lockout.Failed(username);
            SecurityEvents.SignInFailed(security, username, "password", remote, "bad credentials");
            return Error("invalid_grant", "The user name or password is wrong.");
        }

        lockout.Succeeded(username);
        SecurityEvents.SignedIn(security, user.Username, "password", remote);
        return Token(issuer.Issue(user.Username, user.DisplayName, user.Roles, user.Ward, null, "portal"), refreshTokens.Issue(user.Username));
    }

    private IResult ClientCredentials(HttpContext context, IFormCollection form, string? remote)
    {
        var (clientId, secret) = ReadClient(context, form);
        if (clientId.Length == 0 || secret.Length == 0)
        {
            return Error("invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized);
        }

        var client = directory.FindClient(clientId);
        if (!SecretHasher.Verify(secret, client?.SecretHash ?? SecretHasher.Decoy) || client is null)
        {
            SecurityEvents.SignInFailed(security, clientId, "client_credentials", remote, "bad credentials");
            return Error("invalid_client", "Client authentication failed.", StatusCodes.Status401Unauthorized);
        }

        SecurityEvents.SignedIn(security, client.ClientId, "client_credentials", remote);
        return Token(issuer.Issue(client.ClientId, client.DisplayName, client.Roles, null, client.BankId, client.ClientId), refreshToken: null);
    }

    private IResult Refresh(string token, string? remote)
    {
        if (token.Length == 0 || refreshTokens.Redeem(token) is not { } redeemed || directory.FindUser(redeemed.Username) is not { } user)
        {
            SecurityEvents.SignInFailed(security, "(refresh)", "refresh_token", remote, "invalid refresh token");
            return Error("invalid_grant", "The refresh token is invalid, expired or already used. Sign in again.");
        }

        return Token(issuer.Issue(user.Username, user.DisplayName, user.Roles, user.Ward, null, "portal"), redeemed.NewToken);
    }

    private static (string ClientId, string Secret) ReadClient(HttpContext context, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter)).Split(':', 2);
                if (pair.Length == 2)
                {
                    return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
                }
            }
            catch (FormatException)
            {
                return (string.Empty, string.Empty);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private IResult Token(string accessToken, string? refreshToken)
    {
        var body = new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)issuer.Lifetime.TotalSeconds,
        };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        return new NoStoreJson(body, StatusCodes.Status200OK);
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        new NoStoreJson(new Dictionary<string, object> { ["error"] = error, ["error_description"] = description }, status);

    /// <summary>Token responses must not be cached (RFC 6749 §5.1).</summary>
    private sealed class NoStoreJson(object body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.Pragma = "no-cache";
            if (status == StatusCodes.Status401Unauthorized)
            {
                httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"smeplatform\"";
            }

            return Results.Json(body, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
