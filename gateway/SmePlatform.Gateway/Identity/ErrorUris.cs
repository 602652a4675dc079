using OpenIddict.Server;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// Drops the error_uri OpenIddict adds to every error (a link into its own documentation): callers get the RFC 6749 error
/// code and our description, and the answer does not name the library behind it.
/// </summary>
public sealed class ErrorUris :
    IOpenIddictServerHandler<OpenIddictServerEvents.ApplyTokenResponseContext>,
    IOpenIddictServerHandler<OpenIddictServerEvents.ApplyAuthorizationResponseContext>
{
    /// <summary>Before OpenIddict writes the response (its own handlers run at much higher orders).</summary>
    public const int Order = int.MinValue + 100_000;

    public ValueTask HandleAsync(OpenIddictServerEvents.ApplyTokenResponseContext context)
    {
        context.Response.ErrorUri = null;
        return default;
    }

    public ValueTask HandleAsync(OpenIddictServerEvents.ApplyAuthorizationResponseContext context)
    {
        context.Response.ErrorUri = null;
        return default;
    }
}
