using Microsoft.AspNetCore.Mvc;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.ServiceDefaults;

namespace SmePlatform.CreditGuarantee.Features.Applications;

/// <summary>The problems of the guarantee APIs (stable types under ProblemDetailsDefaults.TypeBase).</summary>
public static class Problems
{
    public static ProblemDetails Transition(TransitionError error) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + (error.Code.StartsWith("transition.", StringComparison.Ordinal) ? "transition-not-allowed" : "workflow-rule"),
        Title = error.Code.StartsWith("transition.", StringComparison.Ordinal)
            ? "This action is not allowed in the application's current state."
            : "A rule of the guarantee workflow refuses this action.",
        Detail = error.Message,
        Extensions =
        {
            ["code"] = error.Code,
            ["from"] = States.ToWire(error.From),
            ["to"] = error.To is { } to ? States.ToWire(to) : null,
            ["action"] = States.SnakeCase(error.Action.ToString()),
        },
    };

    public static ProblemDetails ConcurrentChange(Guid id) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + "concurrent-change",
        Title = "The application changed while this request was processed.",
        Detail = $"Application {id} was changed by someone else at the same moment; read it again and retry if the action still applies.",
    };

    public static ProblemDetails Rule(string kind, string title, string detail, string code) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Type = ProblemDetailsDefaults.TypeBase + kind,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static ProblemDetails NoBankScope() => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Type = ProblemDetailsDefaults.TypeBase + "no-bank-scope",
        Title = "The token names no bank.",
        Detail = "Partner-bank calls need a token with a bank_id claim (client credentials of a partner bank).",
    };

    public static IResult NotFound() => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Type = ProblemDetailsDefaults.TypeBase + "not-found",
        Title = "No such application.",
    });
}
