using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Api.Exports;
using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Application.Projections;
using SmePlatform.ClusterStats.Application.Snapshots;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Api;

public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/enterprise-counts", CountsAsync).WithTags("Statistics").WithName("GetEnterpriseCounts")
            .WithDescription("Active enterprises by ward and industry section, live or asOf=yyyy-MM-dd, under disclosure control. "
                + StatsApiDocument.Exports)
            .Exportable<EnterpriseCountsView>(TableShapes.Counts)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAccess("city-wide aggregate counts (no enterprise is identified)", Roles.Staff.ToArray());
        routes.MapPost("/api/stats/snapshots", SnapshotAsync).WithTags("Projections").WithName("TakeMonthlySnapshot")
            .RequireAccess("operations: the month-end copy the figures as of a past day are read from", Roles.SmeOffice, Roles.Admin);
        routes.MapPost("/api/stats/projections/registered-enterprises/rebuild", RebuildAsync)
            .WithTags("Projections").WithName("RebuildRegisteredEnterprises")
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .RequireAccess("operations: reconciles the whole projection with the register", Roles.Admin);
        return routes;
    }

    private static async Task<Results<Ok<EnterpriseCountsView>, ProblemHttpResult>> CountsAsync(string? asOf, GetEnterpriseCountsHandler handler,
        CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetEnterpriseCountsRequest(asOf), cancellationToken)).ToOk();

    private static async Task<Ok<SnapshotView>> SnapshotAsync(TakeMonthlySnapshotHandler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken));

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(
        HttpRequest request, RebuildRegisteredEnterprisesHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(request.Headers.Authorization.ToString(), cancellationToken)).ToOk();
}
