using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmePlatform.Application;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>A registration as sent, with its optional Idempotency-Key and the hash of the body the key stands for.</summary>
public sealed record RegisterEnterprise(RegisterEnterpriseRequest Details, string? IdempotencyKey, string RequestHash);

/// <summary>The enterprise registered now, or the first answer to the same Idempotency-Key (to replay as it was).</summary>
public sealed record Registered(Enterprise? Enterprise, StoredResponse? Replay);

/// <summary>
/// Registers an enterprise, classified by the current size rule set, and in the same transaction records
/// EnterpriseRegistered for the relay and the audit row. Same code: 409. Every intake is screened for possible duplicates
/// in the ward (similar name, same phone): 409 unless confirmNotDuplicate.
/// </summary>
public sealed class RegisterEnterpriseHandler(
    UnitOfWorkFactory units, RegisterStore register, SizeRuleSetStore ruleSets, RegistrationKeyStore keys, IOptions<JsonOptions> json, TimeProvider clock)
{
    public async Task<Outcome<Registered>> HandleAsync(RegisterEnterprise request, ClaimsPrincipal caller, CancellationToken ct)
    {
        // A retry of an answered registration gets the first answer before anything else is checked: by now the code
        // is taken (by the first attempt), which would otherwise be a 409.
        var callerId = Actor.From(caller).Id;
        if (request.IdempotencyKey is { } key && await keys.FindAsync(callerId, key, ct) is { } answered)
        {
            return new Registered(null, answered);
        }

        var now = clock.GetUtcNow();
        var (registration, errors) = EnterpriseRegistration.Validate(request.Details, WorkingDayCalendar.LocalDate(now));
        if (registration is null)
        {
            return Refusal.Invalid("The enterprise cannot be registered as submitted.", errors);
        }

        if (!caller.WardScope().Allows(registration.Ward.Code))
        {
            return EnterpriseRefusals.OutsideYourWard(caller, registration.Ward.Code, "You register enterprises of your own ward only.");
        }

        await using var unit = await units.BeginAsync(ct);
        if (request.IdempotencyKey is { } reserving && !await keys.TryReserveAsync(unit, callerId, reserving, request.RequestHash, ct))
        {
            // A concurrent request with the same key committed first (the insert waited for it): answer as it did.
            await unit.Transaction.RollbackAsync(ct);
            return new Registered(null, await keys.FindAsync(callerId, reserving, ct)
                ?? throw new InvalidOperationException("An idempotency key was taken and then vanished."));
        }

        if (await register.IdByUsccAsync(unit, registration.Uscc.Value, ct) is { } taken)
        {
            return EnterpriseRefusals.AlreadyRegistered(taken, registration.Uscc.Value);
        }

        // Every registration is screened, the short form too: a clerk must not be able to skip the check by leaving
        // optional fields out. A confirmed one goes through and the confirmation is audited.
        var duplicates = await register.FindPossibleDuplicatesAsync(unit, registration.Ward.Code, EnterpriseNames.Key(registration.Name),
            registration.ProfileOrEmpty.ContactPhone, except: null, ct);
        if (request.Details.ConfirmNotDuplicate != true && duplicates.Count > 0)
        {
            return EnterpriseRefusals.PossibleDuplicate(duplicates);
        }

        var classification = Enterprise.Classify(await ruleSets.CurrentAsync(unit, ct), registration);
        var enterprise = new Enterprise { Id = Guid.CreateVersion7(), RegisteredAt = now, UpdatedAt = now, RowVersion = 1 }.With(registration, classification);
        if (await register.TryInsertAsync(unit, enterprise, ct) is { } raced)
        {
            return EnterpriseRefusals.AlreadyRegistered(raced, enterprise.Uscc);
        }

        await unit.EnqueueAsync(Registered(enterprise, now), ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.registered", "enterprise", enterprise.Id.ToString(), Before: null, After: enterprise), ct);
        if (duplicates.Count > 0)
        {
            // The clerk confirmed these are different enterprises: kept for the SME Office's merge review.
            await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.duplicate-confirmed", "enterprise", enterprise.Id.ToString(),
                Before: null, After: new { confirmedNotDuplicateOf = duplicates.Select(d => d.Id).ToList() }), ct);
        }

        if (request.IdempotencyKey is { } answering)
        {
            await keys.CompleteAsync(unit, callerId, answering, 201, JsonSerializer.Serialize(enterprise, json.Value.SerializerOptions), enterprise.Id, ct);
        }

        await unit.CommitAsync(ct);
        return new Registered(enterprise, null);
    }

    private static EnterpriseRegistered Registered(Enterprise enterprise, DateTimeOffset now) =>
        new(enterprise.Id, enterprise.Uscc, enterprise.Name, enterprise.Ward, enterprise.IndustryCode, enterprise.Employees,
            enterprise.AnnualRevenue, enterprise.TotalAssets, now, SizeClass: enterprise.SizeClass, SizeRuleSetId: enterprise.SizeRuleSetId,
            SizeRuleSetVersion: enterprise.SizeRuleSetVersion, SizeReason: enterprise.SizeReason, Category: enterprise.Category,
            LegalForm: enterprise.LegalForm, OwnershipType: enterprise.OwnershipType);
}
