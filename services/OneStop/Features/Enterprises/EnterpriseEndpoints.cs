using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Features.Enterprises;

public static class EnterpriseEndpoints
{
    public static IEndpointRouteBuilder MapEnterpriseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/enterprises").WithTags("Enterprises");
        group.MapPost("/", RegisterAsync).WithName("RegisterEnterprise")
            .RequireAccess("counter staff register in their own ward", Roles.CounterStaff, Roles.Admin);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetEnterprise")
            .RequireAccess("counter staff: own ward only (others' are not found); other staff: city-wide",
                Roles.CounterStaff, Roles.Examiner, Roles.Intermediary, Roles.Advisor, Roles.SmeOffice, Roles.Admin);
        return routes;
    }

    /// <summary>Registers an enterprise and, in the same transaction, records EnterpriseRegistered for the relay.</summary>
    internal static async Task<Results<Created<EnterpriseRecord>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterEnterpriseRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (registration, errors) = EnterpriseRegistration.Validate(request);
        if (registration is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The enterprise cannot be registered as submitted.",
                type: ProblemDetailsDefaults.TypeBase + "validation");
        }

        if (!user.WardScope().Allows(registration.Ward.Code))
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Type = ProblemDetailsDefaults.TypeBase + "outside-your-ward",
                Title = "You register enterprises of your own ward only.",
                Detail = $"You serve ward '{user.Ward()}'; this enterprise is in '{registration.Ward.Code}'.",
            });
        }

        var now = clock.GetUtcNow();
        var enterprise = new EnterpriseRecord(Guid.CreateVersion7(), registration.Uscc.Value, registration.Name,
            registration.Ward.Code, registration.IndustryCode.Value, registration.Employees, registration.AnnualRevenue,
            registration.TotalAssets, "CNY", now, now);

        await using var unit = await units.BeginAsync(cancellationToken);
        if (await EnterpriseStore.TryInsertAsync(unit, enterprise, cancellationToken) is { } existingId)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemDetailsDefaults.TypeBase + "enterprise-already-registered",
                Title = "An enterprise with this Unified Social Credit Code is already registered.",
                Detail = $"Enterprise {existingId} holds code {enterprise.Uscc}.",
                Extensions = { ["existingEnterpriseId"] = existingId },
            });
        }

        await unit.EnqueueAsync(new EnterpriseRegistered(enterprise.Id, enterprise.Uscc, enterprise.Name, enterprise.Ward,
            enterprise.IndustryCode, enterprise.Employees, enterprise.AnnualRevenue, enterprise.TotalAssets, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "enterprise.registered", "enterprise", enterprise.Id.ToString(),
            Before: null, After: enterprise), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/enterprises/{enterprise.Id}", enterprise);
    }

    /// <summary>An enterprise outside a clerk's ward answers exactly like one that does not exist: ids reveal nothing.</summary>
    internal static async Task<Results<Ok<EnterpriseRecord>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, EnterpriseStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } enterprise && user.WardScope().Allows(enterprise.Ward)
            ? TypedResults.Ok(enterprise)
            : TypedResults.NotFound();
}
