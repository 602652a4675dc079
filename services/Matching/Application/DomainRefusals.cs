using SmePlatform.Application;
using SmePlatform.Matching.Domain;

namespace SmePlatform.Matching.Application;

/// <summary>The platform's refusal for the domain's errors: every field error at once (400), else the first rule that refused (409).</summary>
public static class DomainRefusals
{
    public static Refusal From(string title, IReadOnlyList<MatchingError> errors)
    {
        var fields = errors.Where(e => e.IsFieldError).ToArray();
        if (fields.Length > 0)
        {
            var collected = new FieldErrors();
            foreach (var error in fields)
            {
                collected.Add(error.Field!, error.Message);
            }

            return collected.ToRefusal(title)!;
        }

        var first = errors[0];
        return Refusal.Conflict(first.Code, title, first.Message);
    }

    /// <summary>Two people changed the same thing at once; the caller reads it again and decides.</summary>
    public static Refusal ChangedMeanwhile(string what) =>
        Refusal.Conflict("changed-meanwhile", $"The {what} was changed by someone else at the same moment.", "Read it again and repeat the request if it still applies.");
}
