using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Application.Clusters;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;
using SmePlatform.SharedKernel;

namespace SmePlatform.ClusterStats.Api;

/// <summary>The body of a cluster version: enums by name (any case), days as yyyy-MM-dd.</summary>
/// <param name="Id">The cluster's id, e.g. auto-parts.</param>
/// <param name="BasedOnVersion">Absent for a new cluster; for a new version, the latest version read.</param>
/// <param name="EffectiveFrom">The day the version takes effect (after the latest version's day), e.g. 2027-01-01.</param>
/// <param name="Pattern">production, market or production_chain.</param>
/// <param name="GovernmentRole">self_development, cultivation or combination.</param>
/// <param name="Origin">endogenous or exogenous.</param>
public sealed record ClusterBody(
    string? Id,
    int? BasedOnVersion,
    string? EffectiveFrom,
    string? NameZh,
    string? NameEn,
    IReadOnlyList<string>? IndustryCodes,
    IReadOnlyList<string>? Wards,
    IReadOnlyList<MemberDraft>? Members,
    string? Pattern,
    string? GovernmentRole,
    string? Origin)
{
    public ClusterDraft ToDraft() => new(Id, BasedOnVersion, EffectiveFrom, NameZh, NameEn, IndustryCodes, Wards, Members, Pattern, GovernmentRole, Origin);
}

/// <summary>The SME Office's cluster definitions: local, versioned, read by every staff role.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/clusters", ListAsync).WithTags("Clusters").WithName("ListClusters")
            .WithDescription("Every cluster with all its versions (each in force from effectiveFrom to effectiveUntil). Member enterprises are "
                + "listed for the SME Office only; other staff see how many there are.")
            .RequireAccess("cluster definitions; the named member enterprises only for the SME Office", Roles.Staff.ToArray());
        routes.MapPost("/api/stats/clusters", DefineAsync).WithTags("Clusters").WithName("DefineCluster")
            .WithDescription("A new cluster (omit basedOnVersion) or a new version of one (basedOnVersion: the latest version read). "
                + "Industry codes: GB/T 4754-2017 at any level (C, C36, C367, C3670); wards: the register's codes; member roles: "
                + WireNames.List<MemberRole>() + "; pattern: " + WireNames.List<ClusterPattern>() + "; governmentRole: " + WireNames.List<GovernmentRole>()
                + "; origin: " + WireNames.List<ClusterOrigin>()
                + ". Example: {\"id\":\"auto-parts\",\"basedOnVersion\":1,\"effectiveFrom\":\"2027-01-01\",\"nameZh\":\"汽车零部件\",\"nameEn\":\"Automobile parts\","
                + "\"industryCodes\":[\"C367\"],\"wards\":[\"dadong\",\"tiexi\"],\"members\":[{\"enterpriseId\":\"0193…\",\"role\":\"producer\"}],"
                + "\"pattern\":\"production_chain\",\"governmentRole\":\"cultivation\",\"origin\":\"endogenous\"}")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAccess("the SME Office defines the clusters", Roles.SmeOffice);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ClusterView>>> ListAsync(ClaimsPrincipal caller, ListClustersHandler handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(caller, cancellationToken));

    private static async Task<Results<Ok<ClusterView>, ProblemHttpResult>> DefineAsync(ClusterBody body, ClaimsPrincipal caller, DefineClusterHandler handler,
        CancellationToken cancellationToken) =>
        (await handler.HandleAsync(body.ToDraft(), caller, cancellationToken)).ToOk();
}
