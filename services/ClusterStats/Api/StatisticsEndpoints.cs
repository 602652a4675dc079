using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Application.Projections;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Api;

public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/enterprise-counts", CountsAsync).WithTags("Statistics").WithName("GetEnterpriseCounts")
            .RequireAccess("city-wide aggregate counts (no enterprise is identified)", Roles.Staff.ToArray());
        routes.MapPost("/api/stats/projections/registered-enterprises/rebuild", RebuildAsync)
            .WithTags("Projections").WithName("RebuildRegisteredEnterprises")
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .RequireAccess("operations: reconciles the whole projection with the register", Roles.Admin);
        return routes;
    }

    private static async Task<Ok<EnterpriseCounts>> CountsAsync(GetEnterpriseCountsHandler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken));

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(
        HttpRequest request, RebuildRegisteredEnterprisesHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(request.Headers.Authorization.ToString(), cancellationToken)).ToOk();
}
