using Microsoft.OpenApi;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Matching.Api;

/// <summary>The partnership-matching OpenAPI document at /api/matching/openapi.json; each operation says who may call it.</summary>
public static class MatchingApiDocument
{
    public const string Name = "v1";

    public const string Path = "/api/matching/openapi.json";

    public static IServiceCollection AddMatchingApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description =>
                description.RelativePath?.StartsWith("api/matching/", StringComparison.Ordinal) == true
                && !description.RelativePath.StartsWith("api/matching/_", StringComparison.Ordinal)
                && !description.RelativePath.StartsWith("api/matching/audit", StringComparison.Ordinal);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "SmePlatform partnership matching API (企业合作撮合)",
                    Version = "v1",
                    Description =
                        "Partnering profiles with typed needs and offers, suggestions with an explained score 0-100, introductions "
                        + "whose identities are revealed only when both sides have accepted, intermediated cases from enquiry to "
                        + "contract, follow-up ratings, and the queue of counter referrals. Rules: docs/matching-rules.md. Errors "
                        + "are RFC 9457 problem details with a stable 'code' and every field error at once. Enums are written by name.",
                };
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

    public static IEndpointRouteBuilder MapMatchingApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path).AllowAnonymousByDesign("the partnership-matching API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
