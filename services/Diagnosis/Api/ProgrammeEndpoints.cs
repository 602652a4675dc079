using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Diagnosis.Application.Programme;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>The excellent-SME programme: ranked candidates and the yearly intake.</summary>
public static class ProgrammeEndpoints
{
    public static RouteGroupBuilder MapProgrammeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/excellent-sme/candidates", async Task<Results<Ok<CandidateList>, ProblemHttpResult>> (int? year, int? limit, ClaimsPrincipal caller,
                ListCandidatesHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ListCandidatesRequest(year, limit), caller, ct)).Match<Results<Ok<CandidateList>, ProblemHttpResult>>(
                    value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("the SME Office and advisors, city-wide; scores and criteria, no figures", Roles.SmeOffice, Roles.Advisor)
            .WithSummary("Ranked candidates for the year's excellent-SME intake (优秀中小企业培育候选)")
            .WithDescription("Enterprises not yet in the programme whose latest diagnosis is recent enough, the most criteria met first "
                + "(profitability, financial health, accounting transparency), then the scaled total of the six scores.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/excellent-sme/intakes", async Task<Results<Ok<IntakeView>, ProblemHttpResult>> (RecordIntakeRequest request, ClaimsPrincipal caller,
                RecordIntakeHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(request, caller, ct)).Match<Results<Ok<IntakeView>, ProblemHttpResult>>(
                    value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("the SME Office, city-wide", Roles.SmeOffice)
            .WithSummary("Record enterprises chosen for the year's intake (记录年度入选企业)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/excellent-sme/intakes/{year:int}", async Task<Results<Ok<IntakeView>, ProblemHttpResult>> (int year, ClaimsPrincipal caller,
                GetIntakeHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new GetIntakeRequest(year), caller, ct)).Match<Results<Ok<IntakeView>, ProblemHttpResult>>(
                    value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("the SME Office and advisors, city-wide", Roles.SmeOffice, Roles.Advisor)
            .WithSummary("One year's intake, in the order chosen, with the places left");
        return api;
    }
}
