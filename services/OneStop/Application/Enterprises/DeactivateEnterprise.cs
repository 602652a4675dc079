using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>Closing an enterprise, or recording that it merged into another registered one.</summary>
/// <param name="Reason">closure or merger.</param>
/// <param name="MergedInto">The enterprise it merged into (merger only).</param>
/// <param name="EffectiveOn">The day it closed or merged; today (Asia/Shanghai) when not given.</param>
public sealed record DeactivationRequest(string? Reason, Guid? MergedInto, DateOnly? EffectiveOn, string? Note);

/// <summary>The deactivation of entry <paramref name="Id"/>, checked against <paramref name="ExpectedVersion"/> when given.</summary>
public sealed record DeactivateEnterpriseRequest(Guid Id, DeactivationRequest Details, int? ExpectedVersion);

/// <summary>
/// Takes an enterprise off the active register: closure, or merger into another active enterprise the caller may see.
/// The entry and its history stay; EnterpriseDeactivated goes out.
/// </summary>
public sealed class DeactivateEnterpriseHandler(UnitOfWorkFactory units, RegisterStore register, TimeProvider clock)
{
    public const int MaxNoteLength = 500;
    private const string Title = "The enterprise cannot be deactivated as submitted.";

    public async Task<Outcome<Enterprise>> HandleAsync(DeactivateEnterpriseRequest request, ClaimsPrincipal caller, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = WorkingDayCalendar.LocalDate(now);
        var (details, id) = (request.Details, request.Id);
        var reason = details.Reason?.Trim().ToLowerInvariant();
        var effectiveOn = details.EffectiveOn ?? today;
        var note = details.Note?.Trim();
        if (Validate(details, id, reason, effectiveOn, today, note).ToRefusal(Title) is { } invalid)
        {
            return invalid;
        }

        await using var unit = await units.BeginAsync(ct);
        var scope = caller.WardScope();
        if (await register.LockAsync(unit, id, ct) is not { } before || !scope.Allows(before.Ward))
        {
            return EnterpriseRefusals.NotFound(id);
        }

        if (request.ExpectedVersion is { } expected && before.RowVersion != expected)
        {
            return EntityVersions.Changed("enterprise", before.RowVersion);
        }

        var target = details.MergedInto is { } targetId && await RegisterStore.ReadAsync(unit, targetId, ct) is { } found && scope.Allows(found.Ward) ? found : null;
        var deactivated = before.Deactivate(reason!, details.MergedInto, target, scope.IsCityWide, effectiveOn, note, now);
        if (deactivated.Value is not { } after)
        {
            return EnterpriseRefusals.From(deactivated.Error!, Title);
        }

        await register.UpdateAsync(unit, after, ct);
        await unit.EnqueueAsync(new EnterpriseDeactivated(id, after.Uscc, after.Ward, reason!, after.MergedInto, effectiveOn, after.DeactivationNote, now), ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.deactivated", "enterprise", id.ToString(), before, after), ct);
        await unit.CommitAsync(ct);
        return after;
    }

    private static FieldErrors Validate(DeactivationRequest details, Guid id, string? reason, DateOnly effectiveOn, DateOnly today, string? note)
    {
        var errors = new FieldErrors();
        if (reason is not ("closure" or "merger"))
        {
            errors.Add("reason", string.IsNullOrWhiteSpace(details.Reason) ? "The reason is required: closure or merger." : "The reason is closure or merger.");
        }
        else if (reason == "merger" && details.MergedInto is null)
        {
            errors.Add("mergedInto", "A merger names the enterprise it merged into.");
        }
        else if (reason == "closure" && details.MergedInto is not null && details.MergedInto != id)
        {
            errors.Add("mergedInto", "A closure does not merge into another enterprise; use reason merger.");
        }

        if (details.MergedInto == id)
        {
            errors.Add("mergedInto", "An enterprise cannot merge into itself.");
        }

        errors.AddIf(effectiveOn > today, "effectiveOn",
            $"The day {effectiveOn:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in Shenyang); record it when it happened.");
        errors.AddIf(note?.Length > MaxNoteLength, "note", $"The note has at most {MaxNoteLength} characters.");
        return errors;
    }
}
