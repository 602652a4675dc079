using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>What a service's API document says about itself.</summary>
/// <param name="Prefix">The route prefix it documents, e.g. "/api/diagnosis".</param>
/// <param name="Title">The document's title (Chinese beside English).</param>
/// <param name="Description">What the API is for, where its rules are, what is special about its answers.</param>
/// <remarks>Served at {prefix}/openapi.json (public through the gateway): see <see cref="ApiDocuments.MapApiDocument"/>.</remarks>
public sealed record ApiDocument(string Prefix, string Title, string Description);

/// <summary>
/// A service's OpenAPI document, the same way in every service: every endpoint under its prefix but the operator
/// tools (the access catalogue, the audit trail), sign-in at the gateway's token endpoint, the common answer
/// conventions, and on each operation who may call it, taken from the same rule the service enforces.
/// </summary>
public static class ApiDocuments
{
    /// <summary>
    /// The document's registered name. MapOpenApi takes the name from the route's {documentName}, so every service's
    /// document is named after the last segment of its path ({prefix}/openapi.json); a service may then serve a second
    /// document (the partner-bank API's "v1") beside it.
    /// </summary>
    public const string Name = "openapi";

    private const string SchemeName = "platformSignIn";

    private const string Conventions =
        " Sign in at POST /connect/token and send 'Authorization: Bearer …'. Errors are RFC 9457 problem details with a stable "
        + "'type', the same code under 'code', and every field error at once under 'errors'. Changes to versioned resources send "
        + "If-Match with the ETag read (428 without, 412 when stale). Amounts are CNY; times UTC. " + NewFields;

    /// <summary>The rule about fields the schemas do not name, stated once for every document.</summary>
    public const string NewFields =
        "A request field the schema does not name is refused (400 naming it); answers may gain fields over time, so a client ignores "
        + "fields it does not know.";

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
            options.AddSchemaTransformer(OpenForNewFields);
            options.AddOperationTransformer(DescribeAccess);
            options.AddOperationTransformer(Idempotency.DescribeInApiDocument);
            options.AddOperationTransformer(DescribeCommonAnswers);
        });
    }

    /// <summary>Says on each operation who may call it and what they see, from the same rule the service enforces.</summary>
    /// <summary>
    /// The services refuse unknown request fields, which the generator turns into "additionalProperties: false" on every
    /// schema; but answers gain fields as the API grows and problem details carry extensions (RFC 9457), so a schema that
    /// forbade them would make every addition a breaking change for a generated client. The request rule is stated in
    /// the document's description (<see cref="NewFields"/>) instead.
    /// </summary>
    public static Task OpenForNewFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.AdditionalPropertiesAllowed = true;
        return Task.CompletedTask;
    }

    public static Task DescribeAccess(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessRule>().FirstOrDefault() is { } access)
        {
            operation.Description = $"{operation.Description}\n\nWho may call: {string.Join(", ", access.Roles)}. Scope: {access.Scope}.".Trim();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Declares on each operation the refusals every endpoint of the platform can give, so that a client generated from
    /// the document handles them: 401 and 403 wherever a sign-in is needed, 404 wherever the path names a resource,
    /// 429 from the gateway's rate limits, 503 when a dependency is away. Each is a problem details document.
    /// </summary>
    public static async Task DescribeCommonAnswers(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Responses ??= [];
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var problem = await ProblemSchemaAsync(context, cancellationToken);
        if (metadata.OfType<AccessRule>().Any())
        {
            Add("401", "Not signed in, or the access token expired or is forged: sign in at POST /connect/token.");
            Add("403", "Signed in, but this role, ward or bank may not do this (see 'Who may call').");
        }

        if (operation.RequestBody is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
        {
            Add("400", "The request is invalid: every field error is listed at once under 'errors'; nothing was changed.");
        }

        if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            Add("404", "No such resource, or not one the caller may see (the two are not told apart).");
        }

        Add("429", "Too many requests from this client: wait as Retry-After says, then repeat.");
        Add("503", "A dependency (database, broker or another service) is unavailable: retry after Retry-After"
            + (metadata.OfType<IdempotencyKeyMetadata>().Any() ? ", with the same Idempotency-Key." : "."));

        // Refusals the endpoint declared itself (.ProducesProblem, a typed NotFound) are problem details too: the service
        // writes every error answer as one (UseStatusCodePages over AddProblemDetails).
        foreach (var (status, answer) in operation.Responses.Where(r => r.Key[0] is '4' or '5').ToList())
        {
            if (answer is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } };
            }
        }

        // An endpoint not given a name still gets a stable, unique one for generated clients: method and path.
        operation.OperationId ??= OperationIdOf(context.Description.HttpMethod, context.Description.RelativePath);

        void Add(string status, string description) => operation.Responses.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        });
    }

    /// <summary>"POST", "api/diagnosis/referrals/{referralId}/start" → "postDiagnosisReferralsByReferralIdStart".</summary>
    public static string OperationIdOf(string? method, string? relativePath)
    {
        var words = (relativePath ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(segment => segment.StartsWith('{') ? "By-" + segment.Trim('{', '}').Split(':')[0] : segment)
            .SelectMany(segment => segment.Split('-', '_', '.'))
            .Where(word => word.Length > 0)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]);
        return (method ?? "get").ToLowerInvariant() + string.Concat(words);
    }

    /// <summary>The ProblemDetails schema as a reference to the document's component (registered on first use).</summary>
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string Id = "ProblemDetails";
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(Id) != true)
        {
            document.AddComponent(Id, await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(Id, document);
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes, ApiDocument api)
    {
        ArgumentNullException.ThrowIfNull(api);
        routes.MapOpenApi(api.Prefix + "/{documentName:regex(^" + Name + "$)}.json")
            .AllowAnonymousByDesign("the API's public contract: endpoints and schemas, no data");
        return routes;
    }
}
