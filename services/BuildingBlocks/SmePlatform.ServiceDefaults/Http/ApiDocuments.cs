using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>What a service's API document says about itself.</summary>
/// <param name="Prefix">The route prefix it documents, e.g. "/api/diagnosis".</param>
/// <param name="Title">The document's title (Chinese beside English).</param>
/// <param name="Description">What the API is for, where its rules are, what is special about its answers.</param>
public sealed record ApiDocument(string Prefix, string Title, string Description)
{
    /// <summary>Where the document is served: {prefix}/openapi.json (public through the gateway).</summary>
    public string Path => Prefix + "/openapi.json";
}

/// <summary>
/// A service's OpenAPI document, the same way in every service: every endpoint under its prefix but the operator
/// tools (the access catalogue, the audit trail), sign-in at the gateway's token endpoint, the common answer
/// conventions, and on each operation who may call it, taken from the same rule the service enforces.
/// </summary>
public static class ApiDocuments
{
    /// <summary>MapOpenApi on a fixed path serves the document named "v1"; the path, not the name, is what integrators see.</summary>
    public const string Name = "v1";

    private const string SchemeName = "platformSignIn";

    private const string Conventions =
        " Sign in at POST /connect/token and send 'Authorization: Bearer …'. Errors are RFC 9457 problem details with a stable "
        + "'type', the same code under 'code', and every field error at once under 'errors'. Changes to versioned resources send "
        + "If-Match with the ETag read (428 without, 412 when stale). Amounts are CNY; times UTC.";

    public static IServiceCollection AddApiDocument(this IServiceCollection services, ApiDocument api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var prefix = api.Prefix.TrimStart('/') + "/";
        return services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith(prefix, StringComparison.Ordinal) == true
                && !description.RelativePath.StartsWith(prefix + "_", StringComparison.Ordinal)
                && !description.RelativePath.StartsWith(prefix + "audit", StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = api.Title, Version = "v1", Description = api.Description + Conventions };
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
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().FirstOrDefault() is { } access)
                {
                    operation.Description = $"{operation.Description}\n\nWho may call: {string.Join(", ", access.Roles)}. Scope: {access.Scope}.".Trim();
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer(Idempotency.DescribeInApiDocument);
        });
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes, ApiDocument api)
    {
        ArgumentNullException.ThrowIfNull(api);
        routes.MapOpenApi(api.Path).AllowAnonymousByDesign("the API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
