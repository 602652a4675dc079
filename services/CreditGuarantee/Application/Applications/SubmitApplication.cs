using System.Security.Claims;
using Npgsql;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Clients;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>A partner bank's submission: its Idempotency-Key and the application.</summary>
public sealed record SubmitApplication(string IdempotencyKey, SubmitApplicationRequest Application);

/// <summary>
/// A bank submits an application; it is screened at once. The stored answer to the key and the configuration in force
/// are read in one round trip (<see cref="SubmissionPrecheck"/>); then validation (every field error at once), the
/// register (over gRPC, as this service), and one transaction: the key, the application, its screening, events, audit
/// and the answer. A refused or failed attempt stores nothing and leaves the key unused.
/// </summary>
public sealed class SubmitApplicationHandler(NpgsqlDataSource dataSource, UnitOfWorkFactory units, IdempotentWrites idempotency,
    IEnterpriseRegister register, TimeProvider clock)
{
    public async Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(SubmitApplication request, ClaimsPrincipal caller,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (caller.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope();
        }

        var key = idempotency.KeyFor(request.IdempotencyKey, request.Application);
        var now = clock.GetUtcNow();
        GuaranteeConfiguration config;
        Guid? existing;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var precheck = await SubmissionPrecheck.ReadAsync(connection, bankId, key.Key, request.Application.ApplicationKey?.Trim(),
                ServiceClock.Today(now), cancellationToken);
            if (precheck.Stored is { } stored)
            {
                return idempotency.Answer<BankApplicationView>(stored, key, BankOperations.Submit, resourceId: null);
            }

            config = await ConfigurationStore.ResolveAsync(connection, null, precheck.InForce, cancellationToken);
            existing = precheck.ExistingApplicationId;
        }

        var (submission, errors) = SubmissionValidator.Validate(config, request.Application);
        if (submission is null)
        {
            // The register is asked too (a read, nothing changes), so a code nobody registered is in the same answer.
            if (!errors.ContainsKey("uscc") && request.Application.Uscc?.Trim().ToUpperInvariant() is { Length: > 0 } code
                && await FindEnterpriseAsync(code, cancellationToken) is { IsRefused: true, Refusal.Errors: { } registerErrors })
            {
                foreach (var (field, messages) in registerErrors)
                {
                    errors[field] = messages;
                }
            }

            return Refusals.Invalid(errors, "The application cannot be accepted as submitted.");
        }

        if (existing is { } existingId)
        {
            // Read in the snapshot that found no answer to this Idempotency-Key: another request's application.
            return Refusals.DuplicateKey(submission.ApplicationKey, existingId);
        }

        var enterprise = await FindEnterpriseAsync(submission.Uscc, cancellationToken);
        if (enterprise.IsRefused)
        {
            return enterprise.Refusal!;
        }

        var row = ApplicationIntake.NewRow(bankId, submission, enterprise.Value, config, now);
        await using var unit = await units.BeginAsync(cancellationToken);
        // The key's reservation goes out ahead of the application, in the intake's first round trip; its outcome is looked
        // at first, so a concurrent request with the same key still waits for that one and answers as it did.
        var reservation = idempotency.DeferReserve(unit, bankId, key, BankOperations.Submit);
        var history = await ApplicationIntake.TrySubmitAsync(unit, row, enterprise.Value, config, Actor.From(caller), now, cancellationToken);
        if (reservation.RecordsAffected != 1)
        {
            await unit.Transaction.RollbackAsync(cancellationToken);
            return await idempotency.AfterRaceAsync<BankApplicationView>(bankId, key, BankOperations.Submit, null, cancellationToken);
        }

        if (history is null)
        {
            await unit.Transaction.RollbackAsync(cancellationToken);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return Refusals.DuplicateKey(submission.ApplicationKey,
                await ApplicationStore.FindIdByKeyAsync(connection, bankId, submission.ApplicationKey, cancellationToken) ?? Guid.Empty);
        }

        // Built from what this unit wrote (the whole history of a new application): history, events, audit and the stored
        // answer all go out in the commit's one batch.
        var answer = await idempotency.CompleteAsync(unit, bankId, key, ApplicationViews.ForBank(row, history), 201, row.Id, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return answer;
    }

    private async Task<Outcome<RegisteredEnterprise>> FindEnterpriseAsync(string uscc, CancellationToken cancellationToken) =>
        await register.FindByUsccAsync(uscc, cancellationToken) switch
        {
            RegisterAnswer.Found found => found.Enterprise,
            RegisterAnswer.NotFound => Refusal.Unprocessable("enterprise-not-registered", "The enterprise is not in the city's register.",
                    $"No enterprise is registered with code {uscc}. It registers at a ward one-stop counter first.")
                with { Errors = new Dictionary<string, string[]> { ["uscc"] = [$"No enterprise is registered with code {uscc}."] } },
            RegisterAnswer.Invalid invalid => Refusals.Invalid("uscc", invalid.Message),
            RegisterAnswer.Unavailable unavailable => Refusal.Unavailable("upstream-unavailable", "The enterprise register cannot be reached; nothing was stored.",
                unavailable.Detail + " Retry with the same Idempotency-Key: it was not used."),
            _ => throw new InvalidOperationException("Unknown register answer."),
        };
}
