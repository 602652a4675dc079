using Microsoft.OpenApi;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The partner-bank API's OpenAPI document, served at /api/bank/v1/openapi.json: the public contract a bank developer
/// builds from (docs/partner-bank-api.md). It lists only /api/bank/v1 and describes sign-in (OAuth 2.0 client
/// credentials at /connect/token, then a bearer token) and the Idempotency-Key header.
/// </summary>
public static class BankApiDocument
{
    /// <summary>The document's name; the path below is fixed, so it is never taken from the URL.</summary>
    public const string Name = "v1";

    public const string Path = BankApplicationEndpoints.Prefix + "/openapi.json";

    private const string SchemeName = "partnerBank";

    public static IServiceCollection AddBankApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith(BankApplicationEndpoints.Prefix.TrimStart('/'), StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SmePlatform partner-bank API",
                    Version = "v1",
                    Description =
                        "Guarantee applications of the Shenyang Credit Guarantee Fund's partner banks. Sign in with OAuth 2.0 client "
                        + "credentials (POST /connect/token, grant_type=client_credentials, your client id and secret; HTTP Basic or form) "
                        + "and send the access token as 'Authorization: Bearer …'. A bank sees only its own applications. Errors are RFC 9457 "
                        + "problem details with a stable 'type' and field-level 'errors'. Amounts are CNY; times UTC. " + ApiDocuments.NewFields,
                };
                // Relative: the API is where the document was fetched (the gateway). The generator would name the origin of the
                // request that reached the service, i.e. the service behind the gateway, which no bank can reach.
                document.Servers = [new OpenApiServer { Url = "/" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth 2.0 client credentials; the token is sent as a bearer token.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri("/connect/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                    },
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
            // The generator lists every constructor parameter as required. The API omits nulls, so a nullable member of an
            // answer may be absent, which a bank validating answers against the document would reject: answers drop them.
            // Requests keep their list (the service checks them and answers field errors) except the members marked
            // [OptionalInContract], so a bank's generated client does not demand what the API does not.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (schema.Required is { Count: > 0 } required
                    && context.JsonPropertyInfo is null
                    && context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                {
                    var isRequest = context.JsonTypeInfo.Type.Name.EndsWith("Request", StringComparison.Ordinal);
                    foreach (var property in context.JsonTypeInfo.Properties.Where(p => isRequest
                        ? p.AttributeProvider?.IsDefined(typeof(OptionalInContractAttribute), inherit: false) == true
                        : p.IsGetNullable))
                    {
                        required.Remove(property.Name);
                    }
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(ApiDocuments.OpenForNewFields);
            options.AddOperationTransformer(ApiDocuments.DescribeAccess);
            options.AddOperationTransformer(Idempotency.DescribeInApiDocument);
            options.AddOperationTransformer(ApiDocuments.DescribeCommonAnswers);
        });

    public static IEndpointRouteBuilder MapBankApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path).AllowAnonymousByDesign("the partner-bank API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
