using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Matching.Application.Suggestions;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>A need's suggested offers with their explained scores, and their dismissal.</summary>
public static class SuggestionEndpoints
{
    public sealed record DismissalBody(string? Reason);

    /// <summary>The route's ids and the body of a dismissal.</summary>
    public sealed record DismissCall(Guid NeedId, Guid OfferId, [property: FromBody] DismissalBody Body);

    public static RouteGroupBuilder MapSuggestionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/needs/{needId:guid}/suggestions").WithTags("Suggestions");
        group.MapGet("/", GetAsync).WithName("GetSuggestions")
            .WithSummary("A need's suggested offers (推荐), best first, each with its score 0-100 and every component's points and reason.")
            .RequireAccess("intermediaries and the SME Office city-wide; counter staff their own ward's needs, offering sides anonymous",
                Roles.Intermediary, Roles.SmeOffice, Roles.CounterStaff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{offerId:guid}/dismissal", DismissAsync).WithName("DismissSuggestion")
            .WithSummary("Dismiss a suggestion with a reason; it stays dismissed.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<SuggestionsView>, ProblemHttpResult>> GetAsync(Guid needId, bool? includeDismissed, GetSuggestionsHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new GetSuggestionsRequest(needId, includeDismissed ?? false), caller, ct))
            .Match<Results<Ok<SuggestionsView>, ProblemHttpResult>>(v => TypedResults.Ok(v), refusal => refusal.ToProblem());

    private static async Task<Results<NoContent, ProblemHttpResult>> DismissAsync([AsParameters] DismissCall call, DismissSuggestionHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new DismissSuggestionRequest(call.NeedId, call.OfferId, call.Body.Reason), caller, ct))
            .Match<Results<NoContent, ProblemHttpResult>>(_ => TypedResults.NoContent(), refusal => refusal.ToProblem());
}
