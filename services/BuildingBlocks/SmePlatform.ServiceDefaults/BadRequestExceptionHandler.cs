using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace SmePlatform.ServiceDefaults;

/// <summary>
/// Turns request-reading failures into 4xx ProblemDetails with field errors, a database outage into 503 with
/// Retry-After (<see cref="DependencyOutage"/>), and anything else into a 500 that carries a trace id but never the
/// exception text (no stack traces or SQL leave the service).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException badRequest)
        {
            problem = FromBadRequest(badRequest);
            logger.LogInformation("Rejected request {Method} {Path}: {Status} {Reason}",
                httpContext.Request.Method, httpContext.Request.Path, problem.Status, badRequest.Message);
        }
        else if (DependencyOutage.Is(exception))
        {
            logger.LogWarning("Database unavailable for {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path,
                DependencyOutage.Reason(exception));
            httpContext.Response.Headers.RetryAfter = DependencyOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemDetailsDefaults.TypeBase + DependencyOutage.Code,
                Title = DependencyOutage.Title,
                Detail = DependencyOutage.Detail,
                Extensions = { ["code"] = DependencyOutage.Code },
            };
        }
        else
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged; quote the traceId when reporting it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Validation(StatusCodes.Status413PayloadTooLarge, ProblemDetailsDefaults.PayloadTooLargeTitle,
                "body", ProblemDetailsDefaults.PayloadTooLargeMessage);
        }

        if (exception.InnerException is JsonException json)
        {
            if (UnknownField(json) is { } unknown)
            {
                return Validation(StatusCodes.Status400BadRequest, "The request body is not valid.", unknown,
                    "This request has no such field; check its spelling against the API document.");
            }

            var field = FieldFromJsonPath(json.Path);
            return Validation(StatusCodes.Status400BadRequest, "The request body is not valid.",
                field, field == "body" ? "The request body is not well-formed JSON." : "The value has the wrong type, or the JSON around it is malformed.");
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = exception.StatusCode == StatusCodes.Status415UnsupportedMediaType
                ? "The request body must be JSON (Content-Type: application/json)."
                : "The request could not be read.",
        };
    }

    /// <summary>
    /// The field a body named that its request type does not have (the HTTP JSON options disallow unmapped members),
    /// as the caller spelled it, with the path of the object it was in; never the .NET type name from the message.
    /// </summary>
    internal static string? UnknownField(JsonException exception)
    {
        var match = UnmappedMember().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        // The reader stops on the unknown property itself, so the path usually names it already ("$.address.role").
        var name = match.Groups["name"].Value;
        var path = FieldFromJsonPath(exception.Path);
        return path == name || path.EndsWith("." + name, StringComparison.Ordinal) ? path
            : path == "body" ? name : path + "." + name;
    }

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any \\.NET member", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedMember();

    /// <summary>"$.employees" → "employees", "$.address.ward" → "address.ward", "$" or null → "body".</summary>
    internal static string FieldFromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    private static ValidationProblemDetails Validation(int status, string title, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = title };
}
