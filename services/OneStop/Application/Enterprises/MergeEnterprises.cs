using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>Merging a true duplicate into the entry that stays (the survivor, named in the path).</summary>
/// <param name="DuplicateId">The entry that is the same enterprise registered again; it is deactivated.</param>
/// <param name="Reason">Why the two entries are one enterprise (required, kept in both histories).</param>
public sealed record MergeRequest(Guid? DuplicateId, string? Reason);

/// <summary>The merger into survivor <paramref name="Id"/>, made against the survivor's <paramref name="ExpectedVersion"/>.</summary>
public sealed record MergeEnterprisesRequest(Guid Id, MergeRequest Details, int ExpectedVersion);

/// <summary>The survivor after the merge (its new ETag is in the header) and the merged entry pointing at it.</summary>
public sealed record MergeResult(Enterprise Survivor, Enterprise Merged);

/// <summary>
/// Merges the duplicate into the survivor. The duplicate is deactivated with reason merger and points at the survivor; the
/// survivor's version goes up; both histories record it; EnterprisesMerged and EnterpriseDeactivated (for the duplicate)
/// go out in the same transaction. Counter staff see only their ward, so only administrators merge across wards.
/// </summary>
public sealed class MergeEnterprisesHandler(UnitOfWorkFactory units, RegisterStore register, TimeProvider clock)
{
    private const string Title = "The enterprises cannot be merged as submitted.";

    public async Task<Outcome<MergeResult>> HandleAsync(MergeEnterprisesRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var id = request.Id;
        var duplicateId = request.Details.DuplicateId ?? Guid.Empty;
        var reason = request.Details.Reason?.Trim();
        var errors = new FieldErrors()
            .AddIf(request.Details.DuplicateId is null, "duplicateId", "Name the duplicate entry to merge into this one.")
            .AddIf(request.Details.DuplicateId == id, "duplicateId", "An enterprise cannot be merged into itself.")
            .AddIf(string.IsNullOrEmpty(reason), "reason", "Say why the two entries are the same enterprise.")
            .AddIf(reason?.Length > DeactivateEnterpriseHandler.MaxNoteLength, "reason", $"The reason has at most {DeactivateEnterpriseHandler.MaxNoteLength} characters.");
        if (errors.ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var scope = caller.WardScope();
        await using var unit = await units.BeginAsync(ct);
        // Both rows locked in id order: two merges of the same pair in opposite directions cannot deadlock.
        var first = await register.LockAsync(unit, id < duplicateId ? id : duplicateId, ct);
        var second = await register.LockAsync(unit, id < duplicateId ? duplicateId : id, ct);
        var (survivor, duplicate) = id < duplicateId ? (first, second) : (second, first);
        if (survivor is null || !scope.Allows(survivor.Ward))
        {
            return EnterpriseRefusals.NotFound(id);
        }

        if (survivor.RowVersion != request.ExpectedVersion)
        {
            return EntityVersions.Changed("enterprise", survivor.RowVersion);
        }

        var visibleDuplicate = duplicate is not null && scope.Allows(duplicate.Ward) ? duplicate : null;
        var merger = survivor.Absorb(visibleDuplicate, duplicateId, reason!, scope.IsCityWide, WorkingDayCalendar.LocalDate(now), now);
        if (merger.Value is not { Survivor: var survivorAfter, Merged: var merged })
        {
            return EnterpriseRefusals.From(merger.Error!, Title);
        }

        await register.UpdateAsync(unit, merged, ct);
        await register.UpdateAsync(unit, survivorAfter, ct);
        await unit.EnqueueAsync(new EnterprisesMerged(survivor.Id, survivor.Uscc, survivor.Ward, merged.Id, merged.Uscc, merged.Ward, reason!,
            survivorAfter.RowVersion, now), ct);
        await unit.EnqueueAsync(new EnterpriseDeactivated(merged.Id, merged.Uscc, merged.Ward, "merger", survivor.Id, merged.DeactivatedOn!.Value, reason, now), ct);
        var actor = Actor.From(caller);
        await unit.AuditAsync(new AuditEntry(actor, "enterprise.merged", "enterprise", merged.Id.ToString(), duplicate, merged), ct);
        // The survivor's history names what it absorbed (its own fields do not change).
        await unit.AuditAsync(new AuditEntry(actor, "enterprise.merge-survivor", "enterprise", survivor.Id.ToString(),
            Before: null, After: new { mergedDuplicateId = merged.Id, mergedDuplicateUscc = merged.Uscc, mergeReason = reason }), ct);
        await unit.CommitAsync(ct);
        return new MergeResult(survivorAfter, merged);
    }
}
