using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmePlatform.Application;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>On an endpoint that takes an Idempotency-Key: whether it is required (API documents show the header so).</summary>
public sealed record IdempotencyKeyMetadata(bool Required);

/// <summary>
/// The Idempotency-Key over REST, the same in every service. An endpoint declares it with
/// <see cref="RequireIdempotencyKey"/> (a write the caller must be able to retry: the partner-bank API) or
/// <see cref="AcceptIdempotencyKey"/> (optional: a registration at a counter). The filter refuses an unusable key, or a
/// missing required one, with a 400 field error on <c>Idempotency-Key</c> before anything else happens; the handler
/// reads the key with <see cref="IdempotencyKeyHeader"/> and gives it, with the bound request, to the use case, which
/// keeps it per caller (<c>SmePlatform.Data.IdempotentWrites</c>: reserved inside the write's transaction, so a
/// concurrent retry waits and then gets the first answer). <see cref="ToHttpResult{T}"/> answers: the first answer again
/// is its status and body byte for byte, its Location and ETag, and <c>Idempotent-Replayed: true</c>; the same key with
/// another body is 409 <c>idempotency-key-reused</c> (a refusal of the use case).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The Idempotency-Key is required: without one the request is refused (400) and nothing happens.</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder builder, string what) => Add(builder, what, required: true);

    /// <summary>The Idempotency-Key is optional: without one, the write is simply not idempotent.</summary>
    public static RouteHandlerBuilder AcceptIdempotencyKey(this RouteHandlerBuilder builder, string what) => Add(builder, what, required: false);

    /// <summary>The request's Idempotency-Key as sent (trimmed), or null when absent; the endpoint's filter has checked it.</summary>
    public static string? IdempotencyKeyHeader(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[Header].ToString().Trim();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// An idempotent write's answer: its status and stored body (the same bytes on every replay), Location from
    /// <paramref name="location"/> when the write made a resource, ETag from <paramref name="version"/>, and
    /// <c>Idempotent-Replayed: true</c> when this is the first answer given again.
    /// </summary>
    public static IResult ToHttpResult<T>(this Idempotent<T> answer, Func<Guid, string>? location = null, Func<T, int>? version = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new IdempotentResult<T>(answer, location, version);
    }

    /// <summary>
    /// An OpenAPI operation transformer: an endpoint that takes the key documents the header, required or recommended,
    /// with what a retry with it gets. Every service's API document applies it.
    /// </summary>
    public static Task DescribeInApiDocument(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().FirstOrDefault() is { } idempotency)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = idempotency.Required,
                Description = (idempotency.Required ? "Required. " : "Recommended: without it, a retry after a lost answer may make a second one. ")
                    + "A key you choose per request (e.g. a UUID), the same on every retry: the same key and body return the first "
                    + "answer (with Idempotent-Replayed: true); the same key with another body is 409. When the answer is lost or is "
                    + "503, 502 or 504 (mayHaveBeenApplied), retrying with the same key is safe. A refused or failed attempt "
                    + "(4xx other than 409 on the key, 503) does not use the key up.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
            });
        }

        return Task.CompletedTask;
    }

    private static RouteHandlerBuilder Add(RouteHandlerBuilder builder, string what, bool required)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new IdempotencyKeyMetadata(required));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Request.Headers;
            if (!headers.ContainsKey(Header))
            {
                return required
                    ? Refusal.Invalid("The request cannot be accepted as sent.", Header,
                        $"Required: a key you choose for this {what} (e.g. a UUID), the same on every retry of it.").ToProblem()
                    : await next(context);
            }

            return IdempotencyKey.Problem(headers[Header].ToString().Trim()) is { } problem
                ? Refusal.Invalid("The request cannot be accepted as sent.", Header, problem).ToProblem()
                : await next(context);
        });
    }

    private sealed class IdempotentResult<T>(Idempotent<T> answer, Func<Guid, string>? location, Func<T, int>? version)
        : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => answer.Status;

        public string? ContentType => "application/json";

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            if (answer.Replayed)
            {
                response.Headers[ReplayedHeader] = "true";
            }

            if (location is not null && answer.ResourceId is { } id && answer.Status == StatusCodes.Status201Created)
            {
                response.Headers.Location = location(id);
            }

            if (version is not null)
            {
                response.SetVersion(version(answer.Value));
            }

            return Results.Content(answer.Body, ContentType, Encoding.UTF8, answer.Status).ExecuteAsync(httpContext);
        }
    }
}
