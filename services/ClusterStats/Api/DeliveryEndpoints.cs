using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Api.Exports;
using SmePlatform.ClusterStats.Application.Delivery;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Api;

/// <summary>The programme's delivery beside the statistics: what the other services' events say it delivered.</summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/programme-delivery", ProgrammeDeliveryAsync).WithTags("Programme delivery").WithName("GetProgrammeDelivery")
            .WithDescription("What the programme delivered from day from to day to (inclusive, yyyy-MM-dd) by ward (the default), industry "
                + "(section) or cluster: cases opened, completed and overdue; referrals by target and outcome; milestones by kind, jobs created, "
                + "capital raised and sales increase; guarantee applications, approvals, issues, defaults, claims paid, recoveries and net loss; "
                + "diagnoses by rank and by band; introductions and partnership contracts with their value. Each figure names the events it was "
                + "counted from (kind and count), and is protected as every table is (obsStatus C when withheld). "
                + "Example: GET /api/stats/programme-delivery?from=2026-01-01&to=2026-12-31&by=ward. " + StatsApiDocument.Exports)
            .Exportable<ProgrammeDeliveryView>(DeliveryShape.ProgrammeDelivery)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAccess("city-wide delivery aggregates under disclosure control; the number of enterprises behind each cell for the SME Office only",
                Roles.Staff.ToArray());
        return routes;
    }

    private static async Task<Results<Ok<ProgrammeDeliveryView>, ProblemHttpResult>> ProgrammeDeliveryAsync(string? from, string? to, string? by,
        ClaimsPrincipal caller, GetProgrammeDeliveryHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetProgrammeDeliveryRequest(from, to, by), caller, cancellationToken)).ToOk();
}
