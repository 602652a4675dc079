using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults;

namespace SmePlatform.OneStop.Features;

/// <summary>
/// The answer when a workflow (a case's or a referral's) refuses a step: one shape for every such endpoint, so a client
/// reads a refusal the same way wherever it comes from.
/// </summary>
internal static class WorkflowRefusals
{
    /// <summary>
    /// A guard of the workflow said no (409): the guard's code as the problem type and as "guard", the state the item is
    /// in and the actions that state does allow, so a client can offer those instead.
    /// </summary>
    public static ProblemHttpResult Conflict<TAction>(DomainError error, string title, Enum state, IEnumerable<TAction> allowed)
        where TAction : Enum =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Type = ProblemDetailsDefaults.TypeBase + error.Code,
            Title = title,
            Detail = error.Message,
            Extensions =
            {
                ["guard"] = error.Code,
                ["state"] = state.ToString(),
                ["allowed"] = allowed.Select(a => a.ToString()).ToList(),
            },
        });

    /// <summary>The step's input is wrong (400): the error under its field, or under "body" when it names none.</summary>
    public static ValidationProblem Invalid(DomainError error, string title) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field ?? "body"] = [error.Message] }, title: title,
            type: ProblemDetailsDefaults.TypeBase + "validation");
}
