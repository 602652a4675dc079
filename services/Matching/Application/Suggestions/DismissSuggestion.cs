using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Data;

namespace SmePlatform.Matching.Application.Suggestions;

public sealed record DismissSuggestionRequest(Guid NeedId, Guid OfferId, string? Reason);

/// <summary>An intermediary dismisses a suggestion with a reason: it stays dismissed whatever later recomputations score.</summary>
public sealed class DismissSuggestionHandler(SuggestionStore suggestions, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The suggestion cannot be dismissed.";

    public async Task<Outcome<bool>> HandleAsync(DismissSuggestionRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (new FieldErrors().AddIf(reason.Length is 0 or > 500, "reason", "Why the suggestion is dismissed, in at most 500 characters.").ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        if (await suggestions.FindAsync(request.NeedId, request.OfferId, ct) is not { } row)
        {
            return Refusal.NotFound("No such suggestion.");
        }

        if (row.DismissedAt is not null)
        {
            return Refusal.Conflict("already-dismissed", Title, $"It was dismissed on {row.DismissedAt:yyyy-MM-dd}: {row.DismissedReason}");
        }

        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(ct);
        SuggestionStore.Dismiss(unit, request.NeedId, request.OfferId, reason, Viewer.Of(caller).Id, now);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "suggestion.dismissed", "need", request.NeedId.ToString(), null,
            new { request.OfferId, reason }), ct);
        await unit.CommitAsync(ct);
        return true;
    }
}
