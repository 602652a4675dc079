using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>How the register says no: the domain's errors and the register's own refusals, in the words clients read.</summary>
internal static class EnterpriseRefusals
{
    /// <summary>A rule of the <see cref="Enterprise"/> refused the change; <paramref name="invalidTitle"/> titles bad input.</summary>
    public static Refusal From(DomainError error, string invalidTitle) => error switch
    {
        { Kind: DomainErrorKind.Invalid } => Refusal.Invalid(invalidTitle, error.Field ?? "body", error.Message),
        { Code: EnterpriseErrors.DuplicateDeactivated } =>
            Refusal.Conflict(error.Code, "The duplicate is already off the register.", error.Message) with { ProblemType = EnterpriseErrors.Deactivated },
        _ => Refusal.Conflict(error.Code, "The enterprise is deactivated.", error.Message),
    };

    public static Refusal NotFound(Guid id) => Refusal.NotFound($"No enterprise has id {id}.");

    /// <summary>
    /// The code is taken. A caller who may read the holder (its ward, or city-wide staff) is told which enterprise it is;
    /// a clerk of another ward learns only that the code is registered elsewhere: the register's ward scope holds in
    /// refusals too.
    /// </summary>
    public static Refusal AlreadyRegistered(ClaimsPrincipal caller, CodeHolder holder, string uscc) =>
        caller.WardScope().Allows(holder.Ward)
            ? Refusal.Conflict(AlreadyRegisteredCode, AlreadyRegisteredTitle, $"Enterprise {holder.Id} holds code {uscc}.")
                .With("existingEnterpriseId", holder.Id)
            : Refusal.Conflict(AlreadyRegisteredCode, AlreadyRegisteredTitle,
                $"Code {uscc} is registered to an enterprise of another ward; ask the SME Office if it should be in yours.");

    private const string AlreadyRegisteredTitle = "An enterprise with this Unified Social Credit Code is already registered.";

    private const string AlreadyRegisteredCode = "enterprise-already-registered";

    public static Refusal OutsideYourWard(ClaimsPrincipal caller, string ward, string title) =>
        Refusal.Forbidden("outside-your-ward", title, $"You serve ward '{caller.Ward()}'; this enterprise would be in '{ward}'.");

    public static Refusal PossibleDuplicate(IReadOnlyList<PossibleDuplicate> duplicates)
    {
        var first = duplicates[0];
        var why = first.SamePhone ? "the same contact phone" : $"a similar name ({first.NameSimilarity:0.00} similar)";
        return Refusal.Conflict("possible-duplicate", "This enterprise may already be registered in the ward.",
                $"Enterprise {first.Id} '{first.Name}' ({first.Uscc}) has {why}. If it is a different enterprise, register again with confirmNotDuplicate: true.")
            .With("possibleDuplicateOf", first.Id)
            .With("possibleDuplicates", duplicates.Select(d => new
            {
                d.Id, d.Uscc, d.Name, d.Ward, nameSimilarity = Math.Round(d.NameSimilarity, 2), d.SamePhone,
            }).ToList());
    }
}
