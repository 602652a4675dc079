using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Matching.Application.Partnerships;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.Matching.Api;

/// <summary>An enterprise's partnerships (the same use case the gRPC port serves other services).</summary>
public static class PartnershipEndpoints
{
    public static RouteGroupBuilder MapPartnershipEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/enterprises/{enterpriseId:guid}/partnerships").WithTags("Partnerships");
        group.MapGet("/", ListAsync).WithName("ListPartnerships")
            .WithSummary("The enterprise's introductions and cases (合作进展), newest first: pending, open and contracted; discontinued ones with ?includeClosed=true.")
            .RequireAccess("intermediaries and the SME Office city-wide; counter staff their own ward's enterprises, counterparts anonymous until the reveal",
                Roles.Intermediary, Roles.SmeOffice, Roles.CounterStaff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<PartnershipsView>, ProblemHttpResult>> ListAsync(Guid enterpriseId, bool? includeClosed,
        ListPartnershipsHandler handler, ClaimsPrincipal caller, CancellationToken ct) =>
        (await handler.HandleAsync(new ListPartnershipsRequest(enterpriseId, includeClosed ?? false), caller, ct))
            .Match<Results<Ok<PartnershipsView>, ProblemHttpResult>>(v => TypedResults.Ok(v), refusal => refusal.ToProblem());
}
