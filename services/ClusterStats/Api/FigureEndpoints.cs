using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Api.Exports;
using SmePlatform.ClusterStats.Application.Figures;
using SmePlatform.ClusterStats.Domain.Figures;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Api;

/// <summary>Specialisation and concentration: location quotients, strong clusters, a cluster's figures. Suppressed aggregates for every staff role.</summary>
public static class FigureEndpoints
{
    private const string Aggregates = "city-wide aggregates under disclosure control (no enterprise is identified)";

    public static IEndpointRouteBuilder MapFigureEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/location-quotients", LocationQuotientsAsync).WithTags("Specialisation").WithName("GetLocationQuotients")
            .WithDescription("Employment-based location quotients of every ward with the city as reference: " + Domain.Figures.Formulas.LocationQuotient
                + ". area: ward. level: section | division | group | class | cluster (each cluster version in force against the rest of the city). "
                + "asOf=yyyy-MM-dd reads a monthly snapshot. Example: GET /api/stats/location-quotients?area=ward&level=division. An LQ is withheld "
                + "(locationQuotientStatus C) when its cell or a total it uses is withheld."
                + " " + StatsApiDocument.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Exportable<LocationQuotientsView>(TableShapes.LocationQuotients)
            .RequireAccess(Aggregates, Roles.Staff.ToArray());
        routes.MapGet("/api/stats/strong-clusters", StrongClustersAsync).WithTags("Specialisation").WithName("GetStrongClusters")
            .WithDescription("The US Cluster Mapping rule over the wards: " + Domain.Figures.Formulas.StrongCluster
                + ". Tiers: Strong, Specialised (LQ ≥ 1, not strong), NotSpecialised (LQ < 1). level: cluster (default) | section | division | group | class. "
                + "Example: GET /api/stats/strong-clusters?level=cluster"
                + " " + StatsApiDocument.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Exportable<StrongClustersView>(TableShapes.StrongClusters)
            .RequireAccess(Aggregates, Roles.Staff.ToArray());
        routes.MapGet("/api/stats/clusters/{id}/figures", ClusterFiguresAsync).WithTags("Specialisation").WithName("GetClusterFigures")
            .WithDescription("One cluster city-wide and by ward: enterprises, employment, revenue, LQ, tier, and HHI of employment within the cluster "
                + "(and within the cluster and a ward): " + Domain.Figures.Formulas.Hhi + ". Names the cluster version and disclosure rules version used. "
                + "Example: GET /api/stats/clusters/auto-parts/figures?asOf=2026-11-30"
                + " " + StatsApiDocument.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .Exportable<ClusterFiguresView>(TableShapes.ClusterFigures)
            .RequireAccess(Aggregates, Roles.Staff.ToArray());
        routes.MapGet("/api/stats/growth", GrowthAsync).WithTags("Growth").WithName("GetGrowth")
            .WithDescription("Growth between two monthly snapshots by ward and cluster (level=cluster, the default) or industry code "
                + "(section | division | group | class), with the city (_T) and every ward's total (code _T): enterprises, employment and revenue at "
                + "both ends, their compound annual growth rates (" + GrowthTable.CagrFormula + ") and job creation (" + GrowthTable.JobCreationFormula
                + "), as the US Cluster Mapping Project defines them. from and to are days read as asOf is (the snapshot each reads); to must read a "
                + "later month. A cluster is measured at both ends by the version in force on the end day. A cell withheld at either end gives no "
                + "growth (obsStatus C). Example: GET /api/stats/growth?from=2025-12-31&to=2026-11-30&level=cluster"
                + " " + StatsApiDocument.Exports)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Exportable<GrowthView>(TableShapes.Growth)
            .RequireAccess(Aggregates, Roles.Staff.ToArray());
        return routes;
    }

    private static async Task<Results<Ok<GrowthView>, ProblemHttpResult>> GrowthAsync(string? from, string? to, string? level,
        GetGrowthHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetGrowthRequest(from, to, level), cancellationToken)).ToOk();

    private static async Task<Results<Ok<LocationQuotientsView>, ProblemHttpResult>> LocationQuotientsAsync(string? area, string? level, string? asOf,
        GetLocationQuotientsHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetLocationQuotientsRequest(area, level, asOf), cancellationToken)).ToOk();

    private static async Task<Results<Ok<StrongClustersView>, ProblemHttpResult>> StrongClustersAsync(string? level, string? asOf,
        GetStrongClustersHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetStrongClustersRequest(level, asOf), cancellationToken)).ToOk();

    private static async Task<Results<Ok<ClusterFiguresView>, ProblemHttpResult>> ClusterFiguresAsync(string id, string? asOf,
        GetClusterFiguresHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new GetClusterFiguresRequest(id, asOf), cancellationToken)).ToOk();
}
