using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Diagnosis.Application.Statements;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>The address of one fiscal year's statement.</summary>
public sealed record StatementAddress(Guid EnterpriseId, int FiscalYear);

/// <summary>Financial statements per enterprise and fiscal year.</summary>
public static class StatementEndpoints
{
    public static RouteGroupBuilder MapStatementEndpoints(this RouteGroupBuilder api)
    {
        api.MapPut("/enterprises/{enterpriseId:guid}/statements/{fiscalYear:int}", async Task<Results<Ok<StatementView>, ProblemHttpResult>> (
                [AsParameters] StatementAddress address, PutStatementBody body, ClaimsPrincipal caller, PutStatementHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new PutStatementRequest(address.EnterpriseId, address.FiscalYear, body), caller, ct))
                .Match<Results<Ok<StatementView>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("city-wide: any enterprise", Roles.Advisor)
            .WithSummary("Record or correct one fiscal year's statement (财务报表)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/enterprises/{enterpriseId:guid}/statements", async Task<Results<Ok<StatementList>, ProblemHttpResult>> (Guid enterpriseId,
                ClaimsPrincipal caller, ListStatementsHandler handler, CancellationToken ct) =>
                (await handler.HandleAsync(new ListStatementsRequest(enterpriseId), caller, ct)).Match<Results<Ok<StatementList>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("city-wide; confidential figures, every read audited", Roles.Advisor, Roles.SmeOffice)
            .WithSummary("An enterprise's stored statements, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
