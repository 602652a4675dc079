using System.Security.Claims;
using SmePlatform.Application;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults.Auth;
using SmePlatform.ServiceDefaults.Http;

namespace SmePlatform.CreditGuarantee.Application.Examination;

/// <summary>
/// What an examiner's (or the fund's) write answers: the application in full, its version (the ETag), and whether the
/// request was only stored for later (<see cref="Accepted"/>: an approval proposal waiting for the countersignature).
/// </summary>
public sealed record ExaminerAnswer(ExaminerApplicationView View, int Version, bool Accepted = false);

/// <summary>An examiner's write on one application: which, and the version the examiner read (If-Match), when sent.</summary>
public sealed record ExaminerWrite<TBody>(Guid ApplicationId, int? IfMatch, TBody Body);

/// <summary>
/// How the fund's writes on an application run: one transaction in which the application is loaded (approvals first take
/// the exposure lock, so two approvals at once cannot together breach a cap), compared with the version the examiner
/// read (412 when it moved on), the use case decides the step, <see cref="GuaranteeLifecycle"/> applies and saves it;
/// then the examiner's view of the result.
/// </summary>
public sealed class ExaminerWrites(UnitOfWorkFactory units, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public static WorkflowActor Examiner(ClaimsPrincipal caller) => new(caller.Id() ?? "", ActorRole.Examiner);

    public async Task<Outcome<ExaminerAnswer>> RunAsync(Guid id, int? ifMatch, ExaminerStep step, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var now = clock.GetUtcNow();
        await using var unit = await units.BeginAsync(cancellationToken);
        if (step.LockExposure)
        {
            await ApplicationStore.LockExposureAsync(unit, cancellationToken);
        }

        if (await ApplicationStore.FindAsync(unit.Connection, unit.Transaction, id, null, cancellationToken) is not { } row)
        {
            return Refusals.NotFound();
        }

        if (ifMatch is { } expected && expected != row.RowVersion)
        {
            return EntityVersions.Changed("application", row.RowVersion);
        }

        var config = await ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, ServiceClock.Today(now), cancellationToken);
        var decided = await step.Decide(unit, row, config);
        if (decided.IsRefused)
        {
            return decided.Refusal!;
        }

        var audit = decided.Value.Proposal ? "application.approval_proposed" : step.AuditAction;
        if (await GuaranteeLifecycle.RunAsync(unit, row, config, decided.Value, caller, audit, now, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var history = await ApplicationStore.HistoryAsync(unit, id, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return new ExaminerAnswer(ApplicationViews.ForExaminer(row, history, config, now), row.RowVersion, decided.Value.Proposal);
    }
}

/// <summary>What one examiner request does: the audit action, whether it takes the exposure lock, and the step it decides on the loaded application.</summary>
public sealed record ExaminerStep(
    string AuditAction,
    Func<UnitOfWork, ApplicationRow, GuaranteeConfiguration, Task<Outcome<LifecycleStep>>> Decide,
    bool LockExposure = false)
{
    /// <summary>A step that needs no reads of its own.</summary>
    public static ExaminerStep Of(string auditAction, Func<ApplicationRow, GuaranteeConfiguration, Outcome<LifecycleStep>> decide) =>
        new(auditAction, (_, row, config) => Task.FromResult(decide(row, config)));
}
