using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults;

namespace SmePlatform.OneStop.Features.Enterprises;

public static class EnterpriseEndpoints
{
    public static IEndpointRouteBuilder MapEnterpriseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/enterprises").WithTags("Enterprises");
        group.MapPost("/", RegisterAsync).WithName("RegisterEnterprise");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetEnterprise");
        return routes;
    }

    /// <summary>Registers an enterprise and, in the same transaction, records EnterpriseRegistered for the relay.</summary>
    internal static async Task<Results<Created<EnterpriseRecord>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterEnterpriseRequest request, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (registration, errors) = EnterpriseRegistration.Validate(request);
        if (registration is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The enterprise cannot be registered as submitted.",
                type: ProblemDetailsDefaults.TypeBase + "validation");
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
        await unit.AuditAsync(new AuditEntry(Actor.Anonymous, "enterprise.registered", "enterprise", enterprise.Id.ToString(),
            Before: null, After: enterprise), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/enterprises/{enterprise.Id}", enterprise);
    }

    internal static async Task<Results<Ok<EnterpriseRecord>, NotFound>> GetAsync(
        Guid id, EnterpriseStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } enterprise ? TypedResults.Ok(enterprise) : TypedResults.NotFound();
}
