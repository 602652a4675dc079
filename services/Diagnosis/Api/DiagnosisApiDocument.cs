using Microsoft.OpenApi;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Diagnosis.Api;

/// <summary>
/// The diagnosis API's OpenAPI document at /api/diagnosis/openapi.json: every /api/diagnosis endpoint, enums by name,
/// sign-in, and who may call each operation (from the rule the service enforces).
/// </summary>
public static class DiagnosisApiDocument
{
    public const string Name = "v1";

    public const string Path = "/api/diagnosis/openapi.json";

    private const string SchemeName = "platformSignIn";

    public static IServiceCollection AddDiagnosisApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith("api/diagnosis/", StringComparison.Ordinal) == true
                && !description.RelativePath.StartsWith("api/diagnosis/_", StringComparison.Ordinal)
                && !description.RelativePath.StartsWith("api/diagnosis/audit", StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SmePlatform enterprise diagnosis API (企业诊断)",
                    Version = "v1",
                    Description =
                        "Financial statements per fiscal year, quick and full diagnoses (METI Local Benchmark's six indicators scored 1–5, "
                        + "the study's indices, operating cash flow, the A–D rank, the management assessment with A/B/C bands, the pre-sort, "
                        + "programme recommendations, re-diagnosis deltas) and the advisors' queue of counter referrals. Formulas, bands and "
                        + "presets: docs/diagnosis-rules.md. An indicator that cannot be computed has value null and a reason "
                        + "(denominator_zero, negative_ebitda, negative_equity, missing_previous_period). Sign in at POST /connect/token and "
                        + "send 'Authorization: Bearer …'. Errors are RFC 9457 problem details with 'code' and field-level 'errors'. Amounts CNY.",
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
                    },
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().FirstOrDefault();
                if (access is not null)
                {
                    operation.Description = $"{operation.Description}\n\nWho may call: {string.Join(", ", access.Roles)}. Scope: {access.Scope}.".Trim();
                }

                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapDiagnosisApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path).AllowAnonymousByDesign("the diagnosis API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
