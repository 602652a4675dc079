using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Application.Applications;

/// <summary>A partner bank's write on one of its applications: the application, the bank's Idempotency-Key and what it sent.</summary>
public sealed record BankWrite<TBody>(Guid ApplicationId, string IdempotencyKey, TBody Body);

/// <summary>A use case of a bank write on one of its applications (the REST and gRPC transports map them alike).</summary>
public interface IBankWriteHandler<TBody>
{
    Task<Outcome<Idempotent<BankApplicationView>>> HandleAsync(BankWrite<TBody> request, ClaimsPrincipal caller, CancellationToken cancellationToken);
}

/// <summary>The partner-bank writes' operations, as stored with their Idempotency-Keys (a key used for one is refused on another).</summary>
public static class BankOperations
{
    public static readonly IdempotentOperation Submit = new("submit-application", "submission", "existingApplicationId");
    public static readonly IdempotentOperation Answer = new("answer-information-request", "request");
    public static readonly IdempotentOperation Disbursement = new("report-disbursement", "request");
    public static readonly IdempotentOperation Repayment = new("report-repayment", "request");
    public static readonly IdempotentOperation Default = new("report-default", "request");
    public static readonly IdempotentOperation Claim = new("file-claim", "request");
    public static readonly IdempotentOperation Recovery = new("report-recovery", "request");
    public static readonly IdempotentOperation Withdrawal = new("withdraw-application", "request");
}

/// <summary>
/// How every bank write on its own application runs (docs/partner-bank-api.md): the first answer to the key again (or
/// 409), then the request's field errors (400, all at once), then one transaction: the key reserved, the bank's own
/// application loaded (another bank's answers 404), the workflow step (<see cref="GuaranteeLifecycle"/>), the answer
/// stored with the key. A request that is invalid, not the bank's or refused stores nothing and leaves the key unused.
/// </summary>
public sealed class BankWrites(IdempotentWrites idempotency, UnitOfWorkFactory units, TimeProvider clock)
{
    public DateOnly Today => ServiceClock.Today(clock.GetUtcNow());

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <param name="errors">The request's field errors: refused when there are any, unless the key already has an answer.</param>
    /// <param name="step">What the request does to the loaded application (called only without field errors).</param>
    /// <param name="againstApplication">
    /// The field errors that need the stored application (an amount above the loan): added to the other field errors so
    /// that one answer lists them all. Without other field errors the workflow's own guard answers instead.
    /// </param>
    public async Task<Outcome<Idempotent<BankApplicationView>>> RunAsync<TBody>(BankWrite<TBody> write, IdempotentOperation operation, string auditAction,
        FieldErrors errors, Func<ApplicationRow, GuaranteeConfiguration, WorkflowActor, LifecycleStep> step, ClaimsPrincipal caller,
        CancellationToken cancellationToken, Action<ApplicationRow, FieldErrors>? againstApplication = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(step);
        if (caller.BankId() is not { Length: > 0 } bankId)
        {
            return Refusals.NoBankScope();
        }

        var key = idempotency.KeyFor(write.IdempotencyKey, write.Body);
        if (await idempotency.FindAsync<BankApplicationView>(bankId, key, operation, write.ApplicationId, cancellationToken) is { } answered)
        {
            return answered;
        }

        if (errors.Any && againstApplication is not null)
        {
            // A read only: the bank's own application, to judge the fields that depend on it in the same answer.
            await using var read = await units.BeginAsync(cancellationToken);
            if (await ApplicationStore.FindAsync(read.Connection, read.Transaction, write.ApplicationId, bankId, cancellationToken) is { } stored)
            {
                againstApplication(stored, errors);
            }
        }

        if (errors.ToRefusal("The request cannot be accepted as sent.") is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        if (!await idempotency.TryReserveAsync(unit, bankId, key, operation, cancellationToken))
        {
            // A concurrent request with the same key committed first: answer as it did.
            await unit.Transaction.RollbackAsync(cancellationToken);
            return await idempotency.AfterRaceAsync<BankApplicationView>(bankId, key, operation, write.ApplicationId, cancellationToken);
        }

        if (await ApplicationStore.FindAsync(unit.Connection, unit.Transaction, write.ApplicationId, bankId, cancellationToken) is not { } row)
        {
            return Refusals.NotFound();
        }

        var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, ServiceClock.Today(now), cancellationToken);
        var bank = new WorkflowActor(bankId, ActorRole.Bank);
        if (await GuaranteeLifecycle.RunAsync(unit, row, config, step(row, config, bank), caller, auditAction, now, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var history = await ApplicationStore.HistoryAsync(unit, row.Id, cancellationToken);
        var answer = await idempotency.CompleteAsync(unit, bankId, key, ApplicationViews.ForBank(row, history), 200, row.Id, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return answer;
    }

    /// <summary>The field error of a required amount: above zero, at most two decimals.</summary>
    public static void RequireAmount(FieldErrors errors, string field, decimal? amount, string what)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.AddIf(amount is not { } value || value <= 0 || !Money.HasAtMostTwoDecimals(value), field,
            $"Required: {what}, above zero, with at most two decimals.");
    }

    /// <summary>The field error of a required date: not after today.</summary>
    public static void RequireDate(FieldErrors errors, string field, DateOnly? date, DateOnly today, string what)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.AddIf(date is not { } on || on > today, field, $"Required: {what} (yyyy-MM-dd), not after today ({today:yyyy-MM-dd}).");
    }
}
