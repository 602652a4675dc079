using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.Matching.Domain.Profiles;
using SmePlatform.Matching.Domain.Scoring;

namespace SmePlatform.Matching.Application.Introductions;

public sealed record ProposeIntroductionRequest(Guid? NeedId, Guid? OfferId);

/// <summary>An intermediary proposes an offer to a need's enterprise (and the need to the offer's): both published and live, of meeting types.</summary>
public sealed class ProposeIntroductionHandler(ProfileStore profiles, IntroductionStore introductions, UnitOfWorkFactory units, TimeProvider clock)
{
    public const string Title = "The introduction cannot be proposed.";

    public async Task<Outcome<IntroductionView>> HandleAsync(ProposeIntroductionRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .AddIf(request.NeedId is null, "needId", "The need to introduce a partner for.")
            .AddIf(request.OfferId is null, "offerId", "The offer to introduce.");
        var needing = request.NeedId is { } n ? await profiles.FindByListingAsync(n, ct) : null;
        var offering = request.OfferId is { } o ? await profiles.FindByListingAsync(o, ct) : null;
        var need = needing?.Listings.Single(l => l.Id == request.NeedId);
        var offer = offering?.Listings.Single(l => l.Id == request.OfferId);
        errors.AddIf(request.NeedId is not null && need?.Kind != ListingKind.Need, "needId", "No such need.");
        errors.AddIf(request.OfferId is not null && offer?.Kind != ListingKind.Offer, "offerId", "No such offer.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        if (!needing!.IsLive(now) || !offering!.IsLive(now))
        {
            return Refusal.Conflict("profile-not-live", Title, "Both profiles must be published and not expired.");
        }

        if (needing.Enterprise.EnterpriseId == offering.Enterprise.EnterpriseId || !MatchScorer.IsCandidate(need!.Type, offer!.Type))
        {
            return Refusal.Conflict("not-a-match", Title, $"A need for {need!.Type} is not met by an offer of {offer!.Type} of the same or an unrelated kind.");
        }

        if (await introductions.ExistsAsync(need.Id, offer.Id, ct))
        {
            return Refusal.Conflict("introduction-exists", Title, "This offer has already been introduced for this need.");
        }

        var introduction = new Introduction(Guid.CreateVersion7(), need.Id, offer.Id, needing.Id, offering.Id, Viewer.Of(caller).Id, now, null, null, null);
        await using var unit = await units.BeginAsync(ct);
        IntroductionStore.Insert(unit, introduction);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "introduction.proposed", "introduction", introduction.Id.ToString(), null, introduction), ct);
        try
        {
            await unit.CommitAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Refusal.Conflict("introduction-exists", Title, "This offer has already been introduced for this need.");
        }

        return IntroductionView.Of(introduction, needing, offering, Viewer.Of(caller), null);
    }
}
