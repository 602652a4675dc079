using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>A full registration replacing the entry <paramref name="Id"/>, made against <paramref name="ExpectedVersion"/>.</summary>
public sealed record UpdateEnterpriseRequest(Guid Id, RegisterEnterpriseRequest Details, int ExpectedVersion);

/// <summary>
/// Replaces the enterprise's entry (the code cannot change) under optimistic concurrency. The size class is recomputed
/// by the current rule set; EnterpriseUpdated and, when the class changed, EnterpriseReclassified go out in the same
/// transaction. A replacement that changes nothing changes nothing.
/// </summary>
public sealed class UpdateEnterpriseHandler(UnitOfWorkFactory units, RegisterStore register, SizeRuleSetStore ruleSets, TimeProvider clock)
{
    private const string Title = "The enterprise cannot be updated as submitted.";

    public async Task<Outcome<Enterprise>> HandleAsync(UpdateEnterpriseRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (registration, errors) = EnterpriseRegistration.Validate(request.Details, WorkingDayCalendar.LocalDate(now));
        if (registration is null)
        {
            return Refusal.Invalid(Title, errors);
        }

        await using var unit = await units.BeginAsync(ct);
        var scope = caller.WardScope();
        if (await register.LockAsync(unit, request.Id, ct) is not { } before || !scope.Allows(before.Ward))
        {
            return EnterpriseRefusals.NotFound(request.Id);
        }

        if (before.RowVersion != request.ExpectedVersion)
        {
            return EntityVersions.Changed("enterprise", before.RowVersion);
        }

        if (!scope.Allows(registration.Ward.Code))
        {
            return EnterpriseRefusals.OutsideYourWard(caller, registration.Ward.Code, "You cannot move an enterprise out of your ward; ask an administrator.");
        }

        var updated = before.Update(registration, Enterprise.Classify(await ruleSets.CurrentAsync(unit, ct), registration), now);
        if (updated.Value is not { } after)
        {
            return EnterpriseRefusals.From(updated.Error!, Title);
        }

        var changes = EnterpriseChanges.Between(before, after);
        if (changes.Count == 0)
        {
            return before;
        }

        await register.UpdateAsync(unit, after, ct);
        if (EnterpriseChanges.SuppliedFields(changes) is { Count: > 0 } supplied)
        {
            await unit.EnqueueAsync(new EnterpriseUpdated(after.Id, after.Uscc, after.Name, after.Ward, after.IndustryCode, after.Employees,
                after.AnnualRevenue, after.TotalAssets, after.Category, supplied, after.RowVersion, now,
                LegalForm: after.LegalForm, OwnershipType: after.OwnershipType), ct);
        }

        if (before.SizeClass != after.SizeClass || before.SizeRuleSetId != after.SizeRuleSetId || before.SizeRuleSetVersion != after.SizeRuleSetVersion)
        {
            await unit.EnqueueAsync(new EnterpriseReclassified(after.Id, after.Ward, after.IndustryCode, before.SizeClass, after.SizeClass,
                before.SizeRuleSetId, before.SizeRuleSetVersion, after.SizeRuleSetId!, after.SizeRuleSetVersion!.Value, after.SizeReason!, now), ct);
        }

        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.updated", "enterprise", request.Id.ToString(), before, after), ct);
        await unit.CommitAsync(ct);
        return after;
    }
}
