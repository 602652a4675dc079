using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Application.Cases;

/// <summary>Opening a case: the enterprise, the catalogue procedure and whether it is a new application or a renewal (new by default).</summary>
public sealed record OpenCaseRequest(Guid? EnterpriseId, string? ProcedureCode, string? Kind);

/// <summary>One step of a case's workflow; reject, withdraw and reopen need a reason.</summary>
public sealed record CaseTransitionRequest(string? Action, string? Reason);

/// <summary>A change to one line of the checklist: received, missing, or waived (with a reason).</summary>
public sealed record CaseDocumentRequest(string? Status, string? Reason);

/// <summary>A case as the API shows it: the domain case, its SLA deadline seen now, and what may happen next.</summary>
public sealed record CaseView(
    Guid Id,
    Guid EnterpriseId,
    string Ward,
    string ProcedureCode,
    int ProcedureVersion,
    string Kind,
    CaseState State,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    int TimeLimitWorkingDays,
    DateOnly DueDate,
    DateTimeOffset DueBy,
    bool DeadlineProvisional,
    bool Overdue,
    int? RemainingWorkingDays,
    IReadOnlyList<CaseAction> AllowedActions,
    IReadOnlyList<CaseDocument> Documents,
    IReadOnlyList<CaseTransition> History,
    IReadOnlyList<CaseReferral> Referrals,
    int RowVersion,
    bool SlaPaused = false,
    int SlaPausedWorkingDays = 0,
    DateTimeOffset? OverdueSince = null)
{
    /// <summary>The case as seen at <paramref name="now"/>.</summary>
    public static CaseView Of(StoredCase stored, DateTimeOffset now)
    {
        var c = stored.Case;
        var open = !c.IsClosed;
        var calendar = WorkingDayCalendar.China;

        // While the case waits for documents the clock stands still: the remaining days are those left when it stopped.
        var pause = SlaClock.Pauses(c.History).LastOrDefault(p => p.To is null);
        return new CaseView(c.Id, c.EnterpriseId, c.Ward, c.ProcedureCode, stored.ProcedureVersion, stored.Kind, c.State, c.OpenedAt, c.OpenedBy,
            stored.Deadline.TimeLimitWorkingDays, stored.Deadline.DueDate, stored.Deadline.DueBy, stored.Deadline.Provisional,
            stored.IsOverdue(now),
            open ? calendar.RemainingWorkingDays(stored.Deadline, pause?.From ?? now) : null,
            CaseWorkflow.AllowedActions(c), c.Documents, c.History, c.Referrals, stored.RowVersion,
            pause is not null, SlaClock.PausedWorkingDays(calendar, c.History), stored.OverdueSince);
    }
}

public sealed record CaseList(IReadOnlyList<CaseView> Items);
