using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Matching.Application.Referrals;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>The intermediaries' queue of counter referrals and the replies that travel back to the counter.</summary>
public static class ReferralEndpoints
{
    public sealed record OutcomeBody(string? Result, string? Summary, string? Reference);

    public sealed record OutcomeCall(Guid Id, [property: FromBody] OutcomeBody Body);

    public static RouteGroupBuilder MapReferralEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/referrals").WithTags("Referrals");
        group.MapGet("/", ListAsync).WithName("ListMatchingReferrals")
            .WithSummary("Open counter referrals to partnership matching (转介), oldest first.")
            .RequireAccess("intermediaries and the SME Office, city-wide", Roles.Intermediary, Roles.SmeOffice);
        group.MapPost("/{id:guid}/acceptance", AcceptAsync)
            .WithName("AcceptMatchingReferral").RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/start", StartAsync)
            .WithName("StartMatchingReferral").RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/outcome", OutcomeAsync).WithName("ReportMatchingReferralOutcome")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<ReferralView>>> ListAsync(ListReferralsHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(new ListReferralsRequest(), caller, ct)).Value);

    private static Task<Results<Ok<ReferralView>, ProblemHttpResult>> AcceptAsync(Guid id, AnswerReferralHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) => StepAsync(id, ReferralStep.Accept, handler, caller, ct);

    private static Task<Results<Ok<ReferralView>, ProblemHttpResult>> StartAsync(Guid id, AnswerReferralHandler handler, ClaimsPrincipal caller,
        CancellationToken ct) => StepAsync(id, ReferralStep.Start, handler, caller, ct);

    private static async Task<Results<Ok<ReferralView>, ProblemHttpResult>> StepAsync(Guid id, ReferralStep step, AnswerReferralHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new AnswerReferralRequest(id, step, null, null, null), caller, ct))
            .Match<Results<Ok<ReferralView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem());

    private static async Task<Results<Ok<ReferralView>, ProblemHttpResult>> OutcomeAsync([AsParameters] OutcomeCall call, AnswerReferralHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new AnswerReferralRequest(call.Id, ReferralStep.Outcome, call.Body.Result, call.Body.Summary, call.Body.Reference),
            caller, ct)).Match<Results<Ok<ReferralView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem());
}
