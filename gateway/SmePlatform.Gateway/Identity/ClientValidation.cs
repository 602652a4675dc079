using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SmePlatform.Gateway.Identity;

/// <summary>
/// What OpenIddict's application manager would check, done against <see cref="LocalDirectory"/> (degraded mode has no
/// application store): who may start the code flow and where the code may go, and which client may use which grant.
/// </summary>
public static class ClientValidation
{
    /// <summary>
    /// /connect/authorize: only a registered public client, only to one of its redirect URIs (exact match). Rejecting
    /// here means OpenIddict answers the browser itself instead of redirecting the error to an unchecked address.
    /// </summary>
    public sealed class AuthorizationRequest(LocalDirectory directory) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>
    {
        public ValueTask HandleAsync(OpenIddictServerEvents.ValidateAuthorizationRequestContext context)
        {
            if (directory.FindPublicClient(context.ClientId ?? string.Empty) is not { } client)
            {
                context.Reject(Errors.InvalidClient, "The client is not registered for sign-in.");
            }
            else if (!client.RedirectUris.Contains(context.RedirectUri ?? string.Empty, StringComparer.Ordinal))
            {
                context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
            }
            else if (!context.Request.HasResponseType(ResponseTypes.Code) || context.Request.GetResponseTypes().Length != 1)
            {
                context.Reject(Errors.UnsupportedResponseType, "Only response_type=code is supported.");
            }

            return default;
        }
    }

    /// <summary>
    /// /connect/token: which caller may use which grant. The portal (public client, no secret): codes and refresh
    /// tokens. No client id (staff scripts): password and refresh tokens. Anyone else is a confidential client (bank,
    /// service) and must send a secret, for client credentials only. The secret itself is checked by TokenEndpoint,
    /// behind the sign-in rate limit, at the same cost whether the client id exists or not: nothing here tells.
    /// </summary>
    public sealed class TokenRequest(LocalDirectory directory) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenRequestContext>
    {
        public ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenRequestContext context)
        {
            var request = context.Request;
            var hasSecret = !string.IsNullOrEmpty(request.ClientSecret);
            if (string.IsNullOrEmpty(request.ClientId) || directory.FindPublicClient(request.ClientId) is not null)
            {
                var isPublic = !string.IsNullOrEmpty(request.ClientId);
                if (hasSecret || request.IsClientCredentialsGrantType())
                {
                    context.Reject(Errors.InvalidClient, "Client authentication failed.");
                }
                else if (request.IsAuthorizationCodeGrantType() ? !isPublic : request.IsPasswordGrantType() && isPublic)
                {
                    context.Reject(Errors.UnauthorizedClient, $"This client may not use the {request.GrantType} grant.");
                }
            }
            else if (!hasSecret)
            {
                context.Reject(Errors.InvalidClient, "Client authentication failed.");
            }
            else if (!request.IsClientCredentialsGrantType())
            {
                context.Reject(Errors.UnauthorizedClient, $"This client may not use the {request.GrantType} grant.");
            }

            return default;
        }
    }

    /// <summary>A confidential client whose secret is right, or null; an unknown client id costs as much as a wrong secret.</summary>
    public static LocalClient? VerifySecret(LocalDirectory directory, string clientId, string secret)
    {
        var client = directory.FindClient(clientId);
        return SecretHasher.Verify(secret, client?.SecretHash ?? SecretHasher.Decoy) ? client : null;
    }
}
