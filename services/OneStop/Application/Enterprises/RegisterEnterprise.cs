using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using SmePlatform.Application;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>A registration as sent, with its optional Idempotency-Key (checked by the transport).</summary>
public sealed record RegisterEnterprise(RegisterEnterpriseRequest Details, string? IdempotencyKey);

/// <summary>
/// The enterprise registered; with an Idempotency-Key, also the answer stored with the key (on a retry, the first answer
/// again, <see cref="Idempotent{T}.Replayed"/>).
/// </summary>
public sealed record Registered(Enterprise Enterprise, Idempotent<Enterprise>? Answer);

/// <summary>
/// Registers an enterprise, classified by the current size rule set, and in the same transaction records
/// EnterpriseRegistered for the relay and the audit row. Same code: 409. Every intake is screened for possible duplicates
/// in the ward (similar name, same phone): 409 unless confirmNotDuplicate. The Idempotency-Key is optional and kept per
/// caller (the token's subject: a counter system's client or a clerk): a counter system that retries after a timeout
/// gets the first answer instead of a 409 for its own registration.
/// </summary>
public sealed class RegisterEnterpriseHandler(
    UnitOfWorkFactory units, RegisterStore register, SizeRuleSetStore ruleSets, IdempotentWrites idempotency, TimeProvider clock)
{
    public static readonly IdempotentOperation Operation = new("register-enterprise", "registration", "existingEnterpriseId");

    public async Task<Outcome<Registered>> HandleAsync(RegisterEnterprise request, ClaimsPrincipal caller, CancellationToken ct)
    {
        // A retry of an answered registration gets the first answer before anything else is checked: by now the code
        // is taken (by the first attempt), which would otherwise be a 409.
        var callerId = Actor.From(caller).Id;
        var key = request.IdempotencyKey is { } sent ? idempotency.KeyFor(sent, request.Details) : null;
        if (key is not null && await FindAnswerAsync(callerId, key, request.Details, ct) is { } answered)
        {
            return Answer(answered);
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
        if (key is not null && !await idempotency.TryReserveAsync(unit, callerId, key, Operation, ct))
        {
            // A concurrent request with the same key committed first (the insert waited for it): answer as it did.
            await unit.Transaction.RollbackAsync(ct);
            return Answer(await idempotency.AfterRaceAsync<Enterprise>(callerId, key, Operation, resourceId: null, ct));
        }

        if (await RegisterStore.HolderOfAsync(unit, registration.Uscc.Value, ct) is { } taken)
        {
            return EnterpriseRefusals.AlreadyRegistered(caller, taken, registration.Uscc.Value);
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
            return EnterpriseRefusals.AlreadyRegistered(caller, raced, enterprise.Uscc);
        }

        await unit.EnqueueAsync(Registered(enterprise, now), ct);
        await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.registered", "enterprise", enterprise.Id.ToString(), Before: null, After: enterprise), ct);
        if (duplicates.Count > 0)
        {
            // The clerk confirmed these are different enterprises: kept for the SME Office's merge review.
            await unit.AuditAsync(new AuditEntry(Actor.From(caller), "enterprise.duplicate-confirmed", "enterprise", enterprise.Id.ToString(),
                Before: null, After: new { confirmedNotDuplicateOf = duplicates.Select(d => d.Id).ToList() }), ct);
        }

        var answer = key is null ? null : await idempotency.CompleteAsync(unit, callerId, key, enterprise, 201, enterprise.Id, ct);
        await unit.CommitAsync(ct);
        return new Registered(enterprise, answer);
    }

    private static Outcome<Registered> Answer(Outcome<Idempotent<Enterprise>> answered) =>
        answered.Match<Outcome<Registered>>(answer => new Registered(answer.Value, answer), refusal => refusal);

    /// <summary>
    /// The stored answer to the key. Keys answered before registrations used the platform's mechanism hashed the body in
    /// the message JSON (nulls written, not left out): a retry of one of those with the same body still gets its answer.
    /// </summary>
    private async Task<Outcome<Idempotent<Enterprise>>?> FindAnswerAsync(string callerId, IdempotencyKey key, RegisterEnterpriseRequest details,
        CancellationToken ct)
    {
        var found = await idempotency.FindAsync<Enterprise>(callerId, key, Operation, resourceId: null, ct);
        if (found is { IsRefused: true })
        {
            var earlier = key with { RequestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(details, MessageJson.Options))) };
            if (await idempotency.FindAsync<Enterprise>(callerId, earlier, Operation, resourceId: null, ct) is { IsRefused: false } earlierAnswer)
            {
                return earlierAnswer;
            }
        }

        return found;
    }

    private static EnterpriseRegistered Registered(Enterprise enterprise, DateTimeOffset now) =>
        new(enterprise.Id, enterprise.Uscc, enterprise.Name, enterprise.Ward, enterprise.IndustryCode, enterprise.Employees,
            enterprise.AnnualRevenue, enterprise.TotalAssets, now, SizeClass: enterprise.SizeClass, SizeRuleSetId: enterprise.SizeRuleSetId,
            SizeRuleSetVersion: enterprise.SizeRuleSetVersion, SizeReason: enterprise.SizeReason, Category: enterprise.Category,
            LegalForm: enterprise.LegalForm, OwnershipType: enterprise.OwnershipType);
}
