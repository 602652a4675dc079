using Microsoft.OpenApi;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// The one-stop service centre's OpenAPI document, served at /api/onestop/openapi.json: the contract a counter-system
/// integrator (a ward's queue kiosk, a district case system) builds from. It lists every /api/onestop endpoint and
/// describes sign-in (OAuth 2.0 at /connect/token, then a bearer token). Each operation's description says who may
/// call it; the service enforces it (counter staff see their own ward only).
/// </summary>
public static class OneStopApiDocument
{
    /// <summary>MapOpenApi on a fixed path serves the document named "v1"; the path, not the name, is what integrators see.</summary>
    public const string Name = "v1";

    public const string Path = "/api/onestop/openapi.json";

    private const string SchemeName = "platformSignIn";

    public static IServiceCollection AddOneStopApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            // Only the public REST surface; the access catalogue and audit trail are operator tools.
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith("api/onestop/", StringComparison.Ordinal) == true
                && !description.RelativePath.StartsWith("api/onestop/_", StringComparison.Ordinal)
                && !description.RelativePath.StartsWith("api/onestop/audit", StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SmePlatform one-stop service centre API",
                    Version = "v1",
                    Description =
                        "The city's enterprise register, ward counters (walk-in queue), the service catalogue, cases and closed-loop "
                        + "referrals. Sign in at POST /connect/token (grant_type=password for staff-operated systems, or "
                        + "client_credentials for a service identity issued by the platform) and send 'Authorization: Bearer …'. "
                        + "Counter staff read and write their own ward only: another ward's record answers 404. Updates use ETag / "
                        + "If-Match (428 without, 412 when stale). Errors are RFC 9457 problem details with a stable 'type', the same code "
                        + "under the one extension 'code' (workflow refusals called it 'guard' before) and field-level 'errors'. Amounts are CNY; times UTC; working days follow the mainland China holiday calendar.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth 2.0 at the gateway; the access token is sent as a bearer token.",
                    Flows = new OpenApiOAuthFlows
                    {
                        Password = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                    },
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                // Who may call it, from the same declaration the service enforces, so the document cannot drift from it.
                var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().FirstOrDefault();
                if (access is not null)
                {
                    operation.Description = $"{operation.Description}\n\nWho may call: {string.Join(", ", access.Roles)}. Scope: {access.Scope}.".Trim();
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapOneStopApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path).AllowAnonymousByDesign("the one-stop API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
