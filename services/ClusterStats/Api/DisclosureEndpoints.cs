using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.ClusterStats.Application.Counts;
using SmePlatform.ClusterStats.Application.Disclosure;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.ClusterStats.Api;

/// <summary>The body of a change of the disclosure thresholds.</summary>
public sealed record DisclosureRulesBody(int? MinimumEnterprises, decimal? DominanceShare);

/// <summary>Disclosure control: its thresholds, and the firm lists behind cells that only the SME Office may open.</summary>
public static class DisclosureEndpoints
{
    public static IEndpointRouteBuilder MapDisclosureEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/disclosure-rules", GetAsync).WithTags("Disclosure control").WithName("GetDisclosureRules")
            .RequireAccess("the thresholds every table is withheld by (no enterprise is identified)", Roles.Staff.ToArray());
        routes.MapPut("/api/stats/disclosure-rules", ChangeAsync).WithTags("Disclosure control").WithName("ChangeDisclosureRules")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .RequireAccess("the SME Office decides the thresholds", Roles.SmeOffice);
        routes.MapGet("/api/stats/enterprise-counts/cells/{ward}/{section}/enterprises", ListAsync).WithTags("Disclosure control")
            .WithName("ListCellEnterprises").ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAccess("the firm list behind a cell: identifies enterprises, every read audited", Roles.SmeOffice);
        return routes;
    }

    private static async Task<Ok<DisclosureRules>> GetAsync(HttpResponse response, GetDisclosureRulesHandler handler, CancellationToken cancellationToken)
    {
        var rules = await handler.HandleAsync(cancellationToken);
        response.SetVersion(rules.Version);
        return TypedResults.Ok(rules);
    }

    private static async Task<Results<Ok<DisclosureRules>, ProblemHttpResult>> ChangeAsync(DisclosureRulesBody body, HttpContext context,
        ChangeDisclosureRulesHandler handler, CancellationToken cancellationToken)
    {
        var version = context.Request.IfMatch();
        if (version.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        var outcome = await handler.HandleAsync(new ChangeDisclosureRulesRequest(version.Value!.Value, body.MinimumEnterprises, body.DominanceShare),
            context.User, cancellationToken);
        if (outcome.Refusal is null)
        {
            context.Response.SetVersion(outcome.Value.Version);
        }

        return outcome.ToOk();
    }

    private static async Task<Results<Ok<IReadOnlyList<CellEnterpriseView>>, ProblemHttpResult>> ListAsync(string ward, string section,
        ClaimsPrincipal caller, ListCellEnterprisesHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(new ListCellEnterprisesRequest(ward, section), caller, cancellationToken)).ToOk();
}
