using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Cases;

/// <summary>Opening a case, in the caller's unit: the counter opening one, and a service's referral that finds none open.</summary>
public static class CaseOpening
{
    /// <summary>Stores the case in Received under the procedure's current version, its deadline counted from now; CaseOpened to the outbox, audited.</summary>
    public static async Task<StoredCase> OpenAsync(UnitOfWork unit, Enterprise enterprise, Procedure procedure, string kind, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var @case = CaseWorkflow.Open(Guid.CreateVersion7(), enterprise.Id, enterprise.Ward, procedure.Code, procedure.Checklist(kind), actor.Id, now);
        var deadline = WorkingDayCalendar.China.Deadline(now, procedure.TimeLimitWorkingDays);
        var stored = new StoredCase(@case, procedure.Version, kind, deadline, 1);
        await CaseStore.InsertAsync(unit, stored, now, cancellationToken);
        await unit.EnqueueAsync(new CaseOpened(@case.Id, @case.EnterpriseId, @case.Ward, procedure.Code, procedure.Version, kind, deadline.DueDate,
            deadline.DueBy, actor.Id, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(actor, "case.opened", "case", @case.Id.ToString(), null, stored), cancellationToken);
        return stored;
    }
}
