using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Features.Enterprises;

/// <summary>Merging a true duplicate into the entry that stays (the survivor, named in the path).</summary>
/// <param name="DuplicateId">The entry that is the same enterprise registered again; it is deactivated.</param>
/// <param name="Reason">Why the two entries are one enterprise (required, kept in both histories).</param>
public sealed record MergeRequest(Guid? DuplicateId, string? Reason);

/// <summary>The survivor after the merge (its new ETag is in the header) and the merged entry pointing at it.</summary>
public sealed record MergeResult(EnterpriseDetails Survivor, EnterpriseDetails Merged);

public static partial class EnterpriseEndpoints
{
    /// <summary>
    /// Merges the duplicate into the survivor under If-Match on the survivor (428 without, 412 when it changed). The
    /// duplicate is deactivated with reason merger and points at the survivor; the survivor's version goes up; both
    /// histories record it; EnterprisesMerged and EnterpriseDeactivated (for the duplicate) go out in the same
    /// transaction. Refused: merging into itself (400), an unknown or invisible duplicate (400 on duplicateId; counter
    /// staff see only their ward, so only administrators merge across wards), a survivor that is not active (409), a
    /// duplicate already deactivated or merged (409).
    /// </summary>
    internal static async Task<Results<Ok<MergeResult>, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(
        Guid id, MergeRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        const string Title = "The enterprises cannot be merged as submitted.";
        if (!TryReadIfMatch(http, required: true, out var expectedVersion, out var preconditionProblem))
        {
            return preconditionProblem!;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.DuplicateId is not { } duplicateId)
        {
            errors["duplicateId"] = ["Name the duplicate entry to merge into this one."];
            duplicateId = Guid.Empty;
        }
        else if (duplicateId == id)
        {
            errors["duplicateId"] = ["An enterprise cannot be merged into itself."];
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors["reason"] = ["Say why the two entries are the same enterprise."];
        }
        else if (reason.Length > MaxNoteLength)
        {
            errors["reason"] = [$"The reason has at most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, Title);
        }

        var now = clock.GetUtcNow();
        var scope = user.WardScope();
        await using var unit = await units.BeginAsync(cancellationToken);
        // Both rows locked in id order: two merges of the same pair in opposite directions cannot deadlock.
        var first = await RegisterStore.LockAsync(unit, id < duplicateId ? id : duplicateId, cancellationToken);
        var second = await RegisterStore.LockAsync(unit, id < duplicateId ? duplicateId : id, cancellationToken);
        var survivor = id < duplicateId ? first : second;
        var duplicate = id < duplicateId ? second : first;
        if (survivor is null || !scope.Allows(survivor.Ward))
        {
            return TypedResults.NotFound();
        }

        if (survivor.RowVersion != expectedVersion)
        {
            return VersionConflict(survivor);
        }

        if (survivor.Status != EnterpriseStatus.Active)
        {
            return Deactivated(survivor);
        }

        if (duplicate is null || !scope.Allows(duplicate.Ward))
        {
            return Invalid(new Dictionary<string, string[]>
            {
                ["duplicateId"] = [$"No enterprise {duplicateId} is registered{(scope.IsCityWide ? "" : " in your ward")}; only administrators merge across wards."],
            }, Title);
        }

        if (duplicate.Status != EnterpriseStatus.Active)
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Type = ProblemDetailsDefaults.TypeBase + "enterprise-deactivated",
                Title = "The duplicate is already off the register.",
                Detail = duplicate.MergedInto is { } into
                    ? $"Enterprise {duplicate.Id} was already merged into {into} on {duplicate.DeactivatedOn:yyyy-MM-dd}."
                    : $"Enterprise {duplicate.Id} was deactivated ({duplicate.DeactivationReason}) on {duplicate.DeactivatedOn:yyyy-MM-dd}.",
            });
        }

        var today = WorkingDayCalendar.LocalDate(now);
        var merged = duplicate with
        {
            Status = EnterpriseStatus.Deactivated,
            DeactivationReason = "merger",
            DeactivationNote = reason,
            MergedInto = survivor.Id,
            DeactivatedOn = today,
            RowVersion = duplicate.RowVersion + 1,
            UpdatedAt = now,
        };
        var survivorAfter = survivor with { RowVersion = survivor.RowVersion + 1, UpdatedAt = now };
        await RegisterStore.UpdateAsync(unit, merged, cancellationToken);
        await RegisterStore.UpdateAsync(unit, survivorAfter, cancellationToken);

        await unit.EnqueueAsync(new EnterprisesMerged(survivor.Id, survivor.Uscc, survivor.Ward, merged.Id, merged.Uscc, merged.Ward, reason!,
            survivorAfter.RowVersion, now), cancellationToken);
        await unit.EnqueueAsync(new EnterpriseDeactivated(merged.Id, merged.Uscc, merged.Ward, "merger", survivor.Id, today, reason, now),
            cancellationToken);
        var actor = Actor.From(user);
        await unit.AuditAsync(new AuditEntry(actor, "enterprise.merged", "enterprise", merged.Id.ToString(), duplicate, merged), cancellationToken);
        // The survivor's history names what it absorbed (its own fields do not change).
        await unit.AuditAsync(new AuditEntry(actor, "enterprise.merge-survivor", "enterprise", survivor.Id.ToString(),
            Before: null, After: new { mergedDuplicateId = merged.Id, mergedDuplicateUscc = merged.Uscc, mergeReason = reason }), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = survivorAfter.ETag;
        return TypedResults.Ok(new MergeResult(survivorAfter, merged));
    }
}
