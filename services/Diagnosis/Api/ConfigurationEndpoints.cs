using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Diagnosis.Application.Configuration;
using SmePlatform.Diagnosis.Domain.Diagnoses;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Diagnosis.Api;

/// <summary>The rules in force: band table, rank cut-offs, pre-sort rule, programme catalogue.</summary>
public static class ConfigurationEndpoints
{
    public static RouteGroupBuilder MapConfigurationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/band-tables/current", async Task<Results<Ok<BandTableView>, ProblemHttpResult>> (ClaimsPrincipal caller, GetBandTableHandler handler,
                CancellationToken ct) =>
                (await handler.HandleAsync(caller, ct)).Match<Results<Ok<BandTableView>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("the same for every enterprise; no enterprise data", Roles.Advisor, Roles.SmeOffice, Roles.CounterStaff)
            .WithSummary("The band table in force, with the rank cut-offs and the pre-sort rule (评分标准)");

        api.MapGet("/programmes", async Task<Results<Ok<ProgrammeCatalogue>, ProblemHttpResult>> (ClaimsPrincipal caller, GetCatalogueHandler handler,
                CancellationToken ct) =>
                (await handler.HandleAsync(caller, ct)).Match<Results<Ok<ProgrammeCatalogue>, ProblemHttpResult>>(value => TypedResults.Ok(value), refusal => refusal.ToProblem()))
            .RequireAccess("the same for every enterprise; no enterprise data", Roles.Advisor, Roles.SmeOffice, Roles.CounterStaff)
            .WithSummary("The programme catalogue in force (支持项目目录)");
        return api;
    }
}
