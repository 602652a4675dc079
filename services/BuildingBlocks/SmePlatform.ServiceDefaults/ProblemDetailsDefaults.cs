using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace SmePlatform.ServiceDefaults;

public static class ProblemDetailsDefaults
{
    /// <summary>Stable problem types; clients switch on these, never on titles.</summary>
    public const string TypeBase = "https://smeplatform.example/problems/";

    internal const string PayloadTooLargeTitle = "The request body is too large.";
    internal const string PayloadTooLargeMessage = "The request body exceeds the size this endpoint accepts.";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        var traceId = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        problem.Extensions.TryAdd("traceId", traceId);
        if (problem.Status == StatusCodes.Status413PayloadTooLarge && !problem.Extensions.ContainsKey("errors")
            && problem is not Microsoft.AspNetCore.Mvc.ValidationProblemDetails)
        {
            // Kestrel refuses an oversized body before any endpoint code runs; say which part of the request it was.
            problem.Title = PayloadTooLargeTitle;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [PayloadTooLargeMessage] };
        }
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

        // Last: the texts set above are translated too.
        Localization.ProblemLanguage.Translate(context);
    }
}
