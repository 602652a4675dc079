using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Matching.Application.Cases;
using SmePlatform.Messaging.Referrals;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>Intermediated cases: stage transitions to a contract or discontinuation, and the follow-up ratings.</summary>
public static class CaseEndpoints
{
    public sealed record TransitionBody(string? To, string? Documents, string? Note, string? Reason, ContractInput? Contract);

    public sealed record TransitionCall(Guid Id, [property: FromBody] TransitionBody Body);

    public sealed record RatingBody(int? FollowUpMonths, string? Side, int? OnTimeDelivery, int? Quality, int? Communication);

    public sealed record RatingCall(Guid Id, [property: FromBody] RatingBody Body);

    public sealed record GuaranteeReferralBody(Guid? EnterpriseId, string? Note, LoanSought? LoanRequest);

    public sealed record GuaranteeReferralCall(Guid Id, [property: FromBody] GuaranteeReferralBody Body);

    public static RouteGroupBuilder MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cases").WithTags("Cases");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPartnershipCase")
            .RequireAccess("intermediaries and the SME Office city-wide; counter staff where one side is of their ward", Roles.Intermediary, Roles.SmeOffice,
                Roles.CounterStaff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/transitions", MoveAsync).WithName("MovePartnershipCase")
            .WithSummary("Move the case to a later stage (洽询 → 保密协议 → 样品 → 答疑 → 考察工厂 → 意向书 → 可行性研究 → 签约), or discontinue it (终止) with a decision factor.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/ratings", RateAsync).WithName("RecordFollowUpRating")
            .WithSummary("Record one side's 3-, 6- or 12-month follow-up rating of its partner (1-5).")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/guarantee-referral", ReferAsync).WithName("StartGuaranteeReferral")
            .WithSummary("Start a guarantee referral for one side's working capital from the signed contract, through the one-stop centre (签约后转介担保).")
            .WithDescription("Body { enterpriseId, note?, loanRequest { bankId, loanAmount, termMonths, purpose, instalmentType? } }. The referral joins the "
                + "enterprise's open counter case, or opens one in its ward; the contract's terms go in its note. 409 case-not-at-contract, "
                + "guarantee-referral-open; 503 onestop-unavailable (Retry-After) when the one-stop centre is away: nothing changed.")
            .RequireAccess("intermediaries, city-wide", Roles.Intermediary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> ReferAsync([AsParameters] GuaranteeReferralCall call, StartGuaranteeReferralHandler handler,
        ClaimsPrincipal caller, HttpResponse response, CancellationToken ct) =>
        (await handler.HandleAsync(new StartGuaranteeReferralRequest(call.Id, call.Body.EnterpriseId, call.Body.Note, call.Body.LoanRequest), caller, ct))
            .Match<Results<Ok<CaseView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem(response));

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetAsync(Guid id, GetCaseHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new GetCaseRequest(id), caller, ct)).Match<Results<Ok<CaseView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem());

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> MoveAsync([AsParameters] TransitionCall call, MoveCaseHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new MoveCaseRequest(call.Id, call.Body.To, call.Body.Documents, call.Body.Note, call.Body.Reason, call.Body.Contract),
            caller, ct)).Match<Results<Ok<CaseView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem());

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> RateAsync([AsParameters] RatingCall call, RecordRatingHandler handler,
        ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new RecordRatingRequest(call.Id, call.Body.FollowUpMonths, call.Body.Side, call.Body.OnTimeDelivery, call.Body.Quality,
            call.Body.Communication), caller, ct)).Match<Results<Ok<CaseView>, ProblemHttpResult>>(v => TypedResults.Ok(v), r => r.ToProblem());
}
