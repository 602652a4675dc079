using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Data;
using SmePlatform.Matching.Data;
using SmePlatform.Matching.Domain.Cases;
using SmePlatform.Matching.Domain.Introductions;
using SmePlatform.SharedKernel;

namespace SmePlatform.Matching.Application.Cases;

/// <summary>A follow-up rating: the follow-up (3, 6 or 12 months), the side that rates its partner, and the three marks 1-5.</summary>
public sealed record RecordRatingRequest(Guid Id, int? FollowUpMonths, string? Side, int? OnTimeDelivery, int? Quality, int? Communication);

/// <summary>An intermediary records one side's rating of its partner at a follow-up; ratings feed the next scores.</summary>
public sealed class RecordRatingHandler(CaseLoader cases, IntroductionStore introductions, ConfigurationStore configuration, UnitOfWorkFactory units,
    TimeProvider clock)
{
    public const string Title = "The rating cannot be recorded.";

    public async Task<Outcome<CaseView>> HandleAsync(RecordRatingRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var followUpOk = request.FollowUpMonths is 3 or 6 or 12;
        errors.AddIf(!followUpOk, "followUpMonths", "3, 6 or 12.");
        var sideOk = WireNames.TryParse(request.Side, out Side side);
        errors.AddIf(!sideOk, "side", "The side that rates its partner: needing or offering.");
        errors.AddIf(request.OnTimeDelivery is not (>= 1 and <= 5), "onTimeDelivery", "A rating is 1 to 5.");
        errors.AddIf(request.Quality is not (>= 1 and <= 5), "quality", "A rating is 1 to 5.");
        errors.AddIf(request.Communication is not (>= 1 and <= 5), "communication", "A rating is 1 to 5.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var viewer = Viewer.Of(caller);
        if (await cases.LoadAsync(request.Id, viewer, ct) is not { } loaded)
        {
            return Refusal.NotFound("No such case.");
        }

        var now = clock.GetUtcNow();
        var followUp = (FollowUp)request.FollowUpMonths!.Value;
        var existing = await introductions.RatingsAsync(request.Id, ct);
        var refused = FollowUpRating.Check(loaded.Case, existing, followUp, side, request.OnTimeDelivery!.Value, request.Quality!.Value,
            request.Communication!.Value, DateOnly.FromDateTime(now.UtcDateTime));
        if (refused.Count > 0)
        {
            return DomainRefusals.From(Title, refused);
        }

        var rating = new FollowUpRating(followUp, side, request.OnTimeDelivery.Value, request.Quality.Value, request.Communication.Value, now, viewer.Id);
        var rated = side == Side.Needing ? loaded.Offering : loaded.Needing;
        await using var unit = await units.BeginAsync(ct);
        IntroductionStore.InsertRating(unit, loaded.Case.Id, rated.Id, rating);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "case.rated", "case", loaded.Case.Id.ToString(), null, rating), ct);
        try
        {
            await unit.CommitAsync(ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Refusal.Conflict("rating-already-recorded", Title, "This side's rating for this follow-up is already recorded.");
        }

        var config = await configuration.CurrentAsync(ct);
        return CaseView.Of(loaded, [.. existing, rating], config.Stages, now);
    }
}
