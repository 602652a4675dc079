using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Application;
using SmePlatform.OneStop.Application.Enterprises;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Api;

/// <summary>The register over REST: each endpoint reads the request, calls its use case and answers its outcome.</summary>
public static class EnterpriseEndpoints
{
    private const string Path = "/api/onestop/enterprises";

    private static readonly string[] Readers =
        [Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin];

    private static readonly string[] Writers = [Roles.CounterStaff, Roles.Admin];

    public static IEndpointRouteBuilder MapEnterpriseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Enterprises");
        group.MapPost("/", RegisterAsync).WithName("RegisterEnterprise").AcceptIdempotencyKey("registration")
            .Produces<Enterprise>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .RequireAccess("counter staff register in their own ward", Writers);
        group.MapGet("/", SearchAsync).WithName("SearchEnterprises").ProducesProblem(400)
            .RequireAccess("counter staff: own ward only (other wards' enterprises never appear); other staff: city-wide", Readers);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetEnterprise").ProducesProblem(404)
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide", Readers);
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateEnterprise")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(428)
            .RequireAccess("counter staff: own ward's enterprises only, and only within their ward (others' are not found)", Writers);
        group.MapPost("/{id:guid}/deactivation", DeactivateAsync).WithName("DeactivateEnterprise")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412)
            .RequireAccess("counter staff: own ward's enterprises only (others' are not found)", Writers);
        group.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeEnterprises")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(428)
            .RequireAccess("counter staff: both entries in their own ward (others' are not found); administrators: across wards", Writers);
        group.MapGet("/{id:guid}/history", HistoryAsync).WithName("EnterpriseHistory").ProducesProblem(404)
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide", Readers);
        return routes;
    }

    /// <summary>
    /// Registers an enterprise (<see cref="RegisterEnterpriseHandler"/>). With an Idempotency-Key, a retry answers as the
    /// first attempt did (the stored body, Location, ETag and <c>Idempotent-Replayed: true</c>).
    /// </summary>
    internal static async Task<IResult> RegisterAsync(RegisterEnterpriseRequest request, RegisterEnterpriseHandler handler, HttpContext http) =>
        (await handler.HandleAsync(new RegisterEnterprise(request, http.Request.IdempotencyKeyHeader()), http.User, http.RequestAborted)).Match(
            registered => registered.Answer is { } answer
                ? answer.ToHttpResult(id => $"{Path}/{id}", enterprise => enterprise.RowVersion)
                : Created(registered.Enterprise, http.Response),
            refusal => refusal.ToProblem());

    private static IResult Created(Enterprise enterprise, HttpResponse response)
    {
        response.SetVersion(enterprise.RowVersion);
        return TypedResults.Created($"{Path}/{enterprise.Id}", enterprise);
    }

    /// <summary>A merged entry still answers 200 with its own record; its Link names the entry to use instead.</summary>
    internal static async Task<Results<Ok<Enterprise>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, FindEnterpriseHandler handler, HttpResponse response, CancellationToken cancellationToken)
    {
        var outcome = await handler.HandleAsync(new FindEnterpriseRequest(id, null), user, cancellationToken);
        if (!outcome.IsRefused && outcome.Value.MergedInto is { } survivor)
        {
            response.Headers.Link = $"<{Path}/{survivor}>; rel=\"successor-version\"";
        }

        return Versioned(outcome, response);
    }

    internal static async Task<Results<Ok<EnterprisePage>, ProblemHttpResult>> SearchAsync(
        [AsParameters] SearchEnterprisesRequest request, ClaimsPrincipal user, SearchEnterprisesHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(request, user, cancellationToken)).Match<Results<Ok<EnterprisePage>, ProblemHttpResult>>(
            page => TypedResults.Ok(page), refusal => refusal.ToProblem());

    /// <summary>A full registration replaces the entry; If-Match must carry the ETag last read (428 without, 412 when stale).</summary>
    internal static async Task<Results<Ok<Enterprise>, ProblemHttpResult>> UpdateAsync(
        Guid id, RegisterEnterpriseRequest request, ClaimsPrincipal user, UpdateEnterpriseHandler handler, HttpContext http)
    {
        var version = http.Request.IfMatch(required: true);
        return version.Refusal is { } precondition
            ? precondition.ToProblem()
            : Versioned(await handler.HandleAsync(new UpdateEnterpriseRequest(id, request, version.Value!.Value), user, http.RequestAborted), http.Response);
    }

    /// <summary>Closure or merger; If-Match is checked when given.</summary>
    internal static async Task<Results<Ok<Enterprise>, ProblemHttpResult>> DeactivateAsync(
        Guid id, DeactivationRequest request, ClaimsPrincipal user, DeactivateEnterpriseHandler handler, HttpContext http)
    {
        var version = http.Request.IfMatch(required: false);
        return version.Refusal is { } precondition
            ? precondition.ToProblem()
            : Versioned(await handler.HandleAsync(new DeactivateEnterpriseRequest(id, request, version.Value), user, http.RequestAborted), http.Response);
    }

    /// <summary>Merges the duplicate into the survivor (the path's entry), under If-Match on the survivor.</summary>
    internal static async Task<Results<Ok<MergeResult>, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest request, ClaimsPrincipal user, MergeEnterprisesHandler handler, HttpContext http)
    {
        var version = http.Request.IfMatch(required: true);
        if (version.Refusal is { } precondition)
        {
            return precondition.ToProblem();
        }

        var outcome = await handler.HandleAsync(new MergeEnterprisesRequest(id, request, version.Value!.Value), user, http.RequestAborted);
        if (!outcome.IsRefused)
        {
            http.Response.SetVersion(outcome.Value.Survivor.RowVersion);
        }

        return outcome.Match<Results<Ok<MergeResult>, ProblemHttpResult>>(merged => TypedResults.Ok(merged), refusal => refusal.ToProblem());
    }

    internal static async Task<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>> HistoryAsync(
        Guid id, ClaimsPrincipal user, EnterpriseHistoryHandler handler, CancellationToken cancellationToken) =>
        (await handler.HandleAsync(id, user, cancellationToken)).Match<Results<Ok<IReadOnlyList<HistoryEntry>>, ProblemHttpResult>>(
            history => TypedResults.Ok(history), refusal => refusal.ToProblem());

    private static Results<Ok<Enterprise>, ProblemHttpResult> Versioned(Outcome<Enterprise> outcome, HttpResponse response)
    {
        if (!outcome.IsRefused)
        {
            response.SetVersion(outcome.Value.RowVersion);
        }

        return outcome.Match<Results<Ok<Enterprise>, ProblemHttpResult>>(enterprise => TypedResults.Ok(enterprise), refusal => refusal.ToProblem());
    }
}
