using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Diagnosis.Application.Diagnoses;
using SmePlatform.Diagnosis.Application.Referrals;
using SmePlatform.Diagnosis.Domain.Referrals;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>The advisors' queue of counter referrals and the replies that close the counter's loop; recommendations referred through it.</summary>
public static class ReferralEndpoints
{
    public sealed record ReferCall(Guid Id, string Programme, [property: FromBody] ReferRecommendationBody? Body);

    public static RouteGroupBuilder MapReferralEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/referrals", async Task<Results<Ok<ReferralQueue>, ProblemHttpResult>> (ReferralState? state, ClaimsPrincipal caller,
                ListReferralsHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ListReferralsRequest(state), caller, ct)).Match<Results<Ok<ReferralQueue>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("city-wide queue", Roles.Advisor, Roles.SmeOffice)
            .WithSummary("Counter referrals to diagnosis, oldest first (转介队列)");

        api.MapPost("/diagnoses/{id:guid}/recommendations/{programme}/referral", async Task<Results<Created<RecommendationReferralView>, ProblemHttpResult>> (
                [AsParameters] ReferCall call, ClaimsPrincipal caller, ReferRecommendationHandler handler, HttpResponse response, CancellationToken ct) =>
                (await handler.HandleAsync(new ReferRecommendationRequest(call.Id, call.Programme, call.Body), caller, ct))
                    .Match<Results<Created<RecommendationReferralView>, ProblemHttpResult>>(
                        view => TypedResults.Created($"/api/diagnosis/diagnoses/{call.Id}", view), refusal => refusal.ToProblem(response)))
            .RequireAccess("advisors, city-wide: the referral goes through the one-stop centre's loop, which the enterprise's ward counter sees", Roles.Advisor)
            .WithSummary("Refer a recommendation to its programme's service through the one-stop centre (建议转介)")
            .WithDescription("A guarantee programme needs loanRequest { bankId, loanAmount, termMonths, purpose, instalmentType? }. The referral joins the "
                + "enterprise's open counter case, or opens one in its ward; its replies update the recommendation's referral in the diagnosis. "
                + "409 recommendation-referral-open while one is open; 503 onestop-unavailable (Retry-After) when the one-stop centre is away: nothing changed.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        Map(api, "accept", ReferralAction.Accept, "Accept a referral (接受转介)");
        Map(api, "decline", ReferralAction.Decline, "Decline a referral, with the reason (拒绝转介)");
        Map(api, "start", ReferralAction.Start, "Start the diagnosis of a referral (开始服务)");
        Map(api, "outcome", ReferralAction.ReportOutcome, "Report a referral's outcome (反馈结果)");
        return api;
    }

    private static void Map(RouteGroupBuilder api, string verb, ReferralAction action, string summary) =>
        api.MapPost($"/referrals/{{referralId:guid}}/{verb}", async Task<Results<Ok<ReferralView>, ProblemHttpResult>> (Guid referralId,
                ReferralActionBody? body, ClaimsPrincipal caller, ActOnReferralHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ActOnReferralRequest(referralId, action, body), caller, ct)).Match<Results<Ok<ReferralView>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("city-wide queue", Roles.Advisor)
            .WithSummary(summary)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
