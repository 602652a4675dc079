using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Matching.Application.Profiles;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Profiles;

namespace SmePlatform.Matching.Application.Suggestions;

public sealed record GetSuggestionsRequest(Guid NeedId, bool IncludeDismissed);

/// <summary>
/// A need's suggestions, best first. Counter staff see those of their own ward's enterprises' needs, with every offering
/// side named only by its anonymous code (a suggestion is not an introduction: nobody has accepted anything).
/// </summary>
public sealed class GetSuggestionsHandler(ProfileStore profiles, SuggestionStore suggestions, TimeProvider clock)
{
    public async Task<Outcome<SuggestionsView>> HandleAsync(GetSuggestionsRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var viewer = Viewer.Of(caller);
        if (await profiles.FindByListingAsync(request.NeedId, ct) is not { } needing || !viewer.MaySee(needing.Enterprise.Ward)
            || needing.Listings.Single(l => l.Id == request.NeedId).Kind != ListingKind.Need)
        {
            return Refusal.NotFound("No such need.");
        }

        var items = new List<SuggestionView>();
        foreach (var row in await suggestions.OfNeedAsync(request.NeedId, request.IncludeDismissed, ct))
        {
            // An offer whose profile expired or was withdrawn since the need was scored is no longer suggested; the
            // refresh recomputes the need so that the next candidate takes its place.
            if (await profiles.FindByListingAsync(row.OfferId, ct) is not { } offering || !offering.IsLive(clock.GetUtcNow()))
            {
                continue;
            }

            items.Add(new SuggestionView(row.NeedId, row.OfferId, row.Score, row.ReasonList, row.WeightsVersion, row.ComputedAt,
                ListingView.Of(offering.Listings.Single(l => l.Id == row.OfferId)),
                CounterpartView.Of(offering, revealed: false, showIdentity: viewer.SeesIdentity(revealed: false)),
                row.DismissedReason, row.DismissedAt));
        }

        return new SuggestionsView(request.NeedId, items);
    }
}
