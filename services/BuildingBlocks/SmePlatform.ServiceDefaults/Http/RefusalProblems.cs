using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Application;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>
/// A refusal as RFC 9457 problem details: the kind chooses the status, the code is the type's last segment and the
/// one extension key every refusal carries (<c>code</c>), the details become further extensions, and field errors go
/// under <c>errors</c>. Every REST endpoint answers refusals through this, so clients read them one way everywhere.
/// </summary>
public static class RefusalProblems
{
    public const string CodeKey = "code";

    public static int Status(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => StatusCodes.Status400BadRequest,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Stale => StatusCodes.Status412PreconditionFailed,
        RefusalKind.VersionRequired => StatusCodes.Status428PreconditionRequired,
        RefusalKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        RefusalKind.UpstreamTimeout => StatusCodes.Status504GatewayTimeout,
        RefusalKind.UpstreamFailed => StatusCodes.Status502BadGateway,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every refusal kind has a status."),
    };

    public static ProblemDetails ToProblemDetails(this Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        // Field errors under "errors" (a 422 may name the field that cannot be used, as a 400 names the field that is wrong).
        ProblemDetails problem = refusal.Kind == RefusalKind.Invalid || refusal.Errors.Count > 0
            ? new HttpValidationProblemDetails(refusal.Errors.ToDictionary(pair => pair.Key, pair => pair.Value))
            : new ProblemDetails();
        problem.Status = Status(refusal.Kind);
        problem.Type = ProblemDetailsDefaults.TypeBase + (refusal.ProblemType ?? refusal.Code);
        problem.Title = refusal.Title;
        problem.Detail = refusal.Detail;
        problem.Extensions[CodeKey] = refusal.Code;
        foreach (var (key, value) in refusal.Details)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>The refusal as the endpoint's answer (its status is in the problem).</summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal) => TypedResults.Problem(refusal.ToProblemDetails());

    /// <summary>
    /// The refusal as the endpoint's answer, and when it says another service is away (503), the Retry-After a client
    /// waits before trying again (nothing changed, so trying again is safe).
    /// </summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(response);
        if (refusal.Kind == RefusalKind.Unavailable)
        {
            response.Headers.RetryAfter = DependencyOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return refusal.ToProblem();
    }

    /// <summary>The outcome as an endpoint's typed answer: <paramref name="ok"/> of the value, or the refusal's problem.</summary>
    public static Results<TOk, ProblemHttpResult> ToResult<T, TOk>(this Outcome<T> outcome, Func<T, TOk> ok)
        where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(ok);
        return outcome.Refusal is { } refusal ? refusal.ToProblem() : ok(outcome.Value);
    }

    /// <summary>200 with the value, or the refusal's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) => outcome.ToResult(TypedResults.Ok);
}
