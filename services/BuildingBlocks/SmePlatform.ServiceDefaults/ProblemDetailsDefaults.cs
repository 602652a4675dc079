using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace SmePlatform.ServiceDefaults;

public static class ProblemDetailsDefaults
{
    /// <summary>Stable problem types; clients switch on these, never on titles.</summary>
    public const string TypeBase = "https://smeplatform.example/problems/";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        var traceId = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        problem.Extensions.TryAdd("traceId", traceId);
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = TypeBase + (problem.Status switch
            {
                400 => "validation",
                401 => "unauthenticated",
                403 => "forbidden",
                404 => "not-found",
                409 => "conflict",
                413 => "payload-too-large",
                415 => "unsupported-media-type",
                429 => "rate-limited",
                _ when problem.Status >= 500 => "internal",
                _ => "http-" + problem.Status,
            });
        }
    }
}
