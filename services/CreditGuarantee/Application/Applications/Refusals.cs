using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>
/// The refusals of the guarantee use cases. Each has a stable code (clients switch on it) and, where a family of codes
/// shares one problem type (<c>transition-not-allowed</c>, <c>workflow-rule</c>, <c>limits-exceeded</c>), that type.
/// </summary>
public static class Refusals
{
    /// <summary>The workflow refused an action: not allowed in this state, or one of its rules (four-eyes, the issuance gate, amounts).</summary>
    public static Refusal Transition(TransitionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var notAllowed = error.Code.StartsWith("transition.", StringComparison.Ordinal);
        var refusal = Refusal.Conflict(error.Code,
            notAllowed ? "This action is not allowed in the application's current state." : "A rule of the guarantee workflow refuses this action.",
            error.Message) with { ProblemType = notAllowed ? "transition-not-allowed" : "workflow-rule" };
        return refusal
            .With("from", States.ToWire(error.From))
            .With("to", error.To is { } to ? States.ToWire(to) : null)
            .With("action", States.SnakeCase(error.Action.ToString()));
    }

    public static Refusal ConcurrentChange(Guid id) => Refusal.Conflict("concurrent-change", "The application changed while this request was processed.",
        $"Application {id} was changed by someone else at the same moment; read it again and retry if the action still applies.");

    /// <summary>A rule outside the state machine (limits, the decision's input, a missing fee), under the problem type <paramref name="kind"/>.</summary>
    public static Refusal Rule(string kind, string title, string detail, string code) =>
        Refusal.Conflict(code, title, detail) with { ProblemType = kind };

    public static Refusal NoBankScope() => Refusal.Forbidden("no-bank-scope", "The token names no bank.",
        "Partner-bank calls need a token with a bank_id claim (client credentials of a partner bank).");

    public static Refusal NotFound() => Refusal.NotFound("No such application.");

    /// <summary>The bank already has an application under this application key (from another request).</summary>
    public static Refusal DuplicateKey(string applicationKey, Guid existing) =>
        Refusal.Conflict("application-key-in-use", "You already submitted an application with this application key.",
                $"Application {existing} has key '{applicationKey}'. Resubmitting never creates a second application; read that one instead.")
            .With("existingApplicationId", existing);

    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors, string title = "The request cannot be accepted as sent.") =>
        Refusal.Invalid(title, errors);

    public static Refusal Invalid(string field, string message) => Refusal.Invalid("The request cannot be accepted as sent.", field, message);
}
