using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Api;

/// <summary>
/// OneStop's refusals as problem details, all through <see cref="Refusal"/> and <see cref="RefusalProblems.ToProblem(Refusal)"/>:
/// one shape for every endpoint (the code under <c>code</c>, every field error at once under <c>errors</c>), so a client
/// reads a refusal the same way wherever it comes from.
/// </summary>
internal static class OneStopProblems
{
    /// <summary>Bad input (400): every field error at once.</summary>
    public static ProblemHttpResult Invalid(Dictionary<string, string[]> errors, string title) => Refusal.Invalid(title, errors).ToProblem();

    /// <summary>The step's input is wrong (400): the error under its field, or under "body" when it names none.</summary>
    public static ProblemHttpResult InvalidStep(DomainError error, string title) => Refusal.Invalid(title, error.Field ?? "body", error.Message).ToProblem();

    /// <summary>A rule refuses it in the current state (409), the rule's code as the problem type and as <c>code</c>.</summary>
    public static ProblemHttpResult Conflict(string code, string title, string detail) => Refusal.Conflict(code, title, detail).ToProblem();

    public static ProblemHttpResult Conflict(DomainError error, string title) => Conflict(error.Code, title, error.Message);

    /// <summary>
    /// A guard of a workflow (a case's, a referral's, a ticket's) said no (409): the guard's code as the problem type and as
    /// <c>code</c>, the state the item is in (when given) and the actions that state does allow, so a client can offer those.
    /// </summary>
    public static ProblemHttpResult WorkflowConflict<TAction>(DomainError error, string title, Enum? state, IEnumerable<TAction> allowed)
        where TAction : Enum
    {
        var refusal = Refusal.Conflict(error.Code, title, error.Message);
        refusal = state is null ? refusal : refusal.With("state", WireStyle.Name(state));
        return refusal.With("allowed", allowed.Select(a => WireStyle.Name(a)).ToList()).ToProblem();
    }
}
