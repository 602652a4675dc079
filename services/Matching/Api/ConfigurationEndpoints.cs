using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Matching.Application.Configuration;
using SmePlatform.Matching.Domain.Configuration;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>The versioned matching configuration: intermediaries and the SME Office read it; the SME Office publishes new versions.</summary>
public static class ConfigurationEndpoints
{
    public static RouteGroupBuilder MapConfigurationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/configuration").WithTags("Configuration");
        group.MapGet("/", GetAsync).WithName("GetMatchingConfiguration")
            .RequireAccess("intermediaries and the SME Office, city-wide", Roles.Intermediary, Roles.SmeOffice);
        group.MapPost("/", ChangeAsync).WithName("ChangeMatchingConfiguration")
            .WithSummary("Publish a new configuration version (score weights, review rule, validity, fee schedule); what is left out stays.")
            .RequireAccess("the SME Office edits the weights and the fee schedule", Roles.SmeOffice)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<MatchingConfiguration>> GetAsync(GetConfigurationHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        TypedResults.Ok((await handler.HandleAsync(new GetConfigurationRequest(), caller, ct)).Value);

    private static async Task<Results<Ok<MatchingConfiguration>, ProblemHttpResult>> ChangeAsync(ChangeConfigurationRequest request,
        ChangeConfigurationHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(request, caller, ct)).Match<Results<Ok<MatchingConfiguration>, ProblemHttpResult>>(v => TypedResults.Ok(v),
            r => r.ToProblem());
}
