using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Matching.Application.Introductions;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>Introductions: proposed by intermediaries, accepted by each side, revealed when both have accepted.</summary>
public static class IntroductionEndpoints
{
    public sealed record AcceptanceBody(string? Side, string? Channel, DateTimeOffset? GivenAt);

    public sealed record AcceptanceCall(Guid Id, [property: FromBody] AcceptanceBody Body);

    public static RouteGroupBuilder MapIntroductionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/introductions").WithTags("Introductions");
        group.MapPost("/", ProposeAsync).WithName("ProposeIntroduction")
            .WithSummary("Propose an offer to a need's enterprise (介绍).")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetIntroduction")
            .RequireAccess("intermediaries and the SME Office city-wide; counter staff where one side is of their ward, both sides anonymous until the reveal",
                Roles.Intermediary, Roles.SmeOffice, Roles.CounterStaff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/acceptances", AcceptAsync).WithName("RecordAcceptance")
            .WithSummary("Record one side's acceptance (how and when given); the second reveals the identities and opens the case.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Created<IntroductionView>, ProblemHttpResult>> ProposeAsync(ProposeIntroductionRequest request,
        ProposeIntroductionHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(request, caller, ct)).Match<Results<Created<IntroductionView>, ProblemHttpResult>>(
            view => TypedResults.Created($"/api/matching/introductions/{view.Id}", view), refusal => refusal.ToProblem());

    private static async Task<Results<Ok<IntroductionView>, ProblemHttpResult>> GetAsync(Guid id, GetIntroductionHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) =>
        (await handler.HandleAsync(new GetIntroductionRequest(id), caller, ct)).Match<Results<Ok<IntroductionView>, ProblemHttpResult>>(
            v => TypedResults.Ok(v), refusal => refusal.ToProblem());

    private static async Task<Results<Ok<IntroductionView>, ProblemHttpResult>> AcceptAsync([AsParameters] AcceptanceCall call,
        RecordAcceptanceHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new RecordAcceptanceRequest(call.Id, call.Body.Side, call.Body.Channel, call.Body.GivenAt), caller, ct))
            .Match<Results<Ok<IntroductionView>, ProblemHttpResult>>(v => TypedResults.Ok(v), refusal => refusal.ToProblem());
}
