using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmePlatform.Contracts.OneStop;
using SmePlatform.Data;
using SmePlatform.OneStop.Data;
using SmePlatform.OneStop.Domain;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Api;

/// <summary>A consultation record: stage (hearing, theme, proposal, follow-up), channel (counter, phone, online), staff (the caller by default), text, when (now by default).</summary>
public sealed record ConsultationRequest(string? Stage, string? Channel, string? Staff, string? Text, DateTimeOffset? OccurredAt);

public sealed record NoteRequest(string? Text);

/// <summary>A milestone: kind, the figure the kind needs (jobs, or amountCny in yuan), the day achieved and the evidence seen.</summary>
public sealed record MilestoneRequest(string? Kind, int? Jobs, decimal? AmountCny, DateOnly? AchievedOn, string? Evidence);

public sealed record ConsultationList(IReadOnlyList<ConsultationRecord> Items);

public sealed record NoteList(IReadOnlyList<NoteRecord> Items);

public sealed record MilestoneList(IReadOnlyList<MilestoneRecord> Items);

/// <summary>
/// What is kept on a case besides its workflow: consultation records, free notes and milestones. Each is its own
/// append-only collection under the case; adding one does not change the case's row version (a clerk's If-Match on the
/// case stays valid), and records may be added to a closed case (follow-ups and outcomes come after completion).
/// </summary>
public static class CaseRecordEndpoints
{
    private const string WardScopeRule = "counter staff: their own ward's cases only (another ward's answers 404)";
    private static readonly string[] Writers = [Roles.CounterStaff, Roles.Admin];
    private static readonly string[] Readers = [Roles.CounterStaff, Roles.SmeOffice, Roles.Admin];

    public static IEndpointRouteBuilder MapCaseRecordEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/onestop/cases/{id:guid}").WithTags("Cases");
        group.MapPost("/consultations", AddConsultationAsync).WithName("AddCaseConsultation").RequireAccess(WardScopeRule, Writers);
        group.MapGet("/consultations", ConsultationsAsync).WithName("ListCaseConsultations")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapPost("/notes", AddNoteAsync).WithName("AddCaseNote").RequireAccess(WardScopeRule, Writers);
        group.MapGet("/notes", NotesAsync).WithName("ListCaseNotes").RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        group.MapPost("/milestones", AddMilestoneAsync).WithName("AddCaseMilestone").RequireAccess(WardScopeRule, Writers);
        group.MapGet("/milestones", MilestonesAsync).WithName("ListCaseMilestones")
            .RequireAccess(WardScopeRule + "; SME Office: every ward, read-only", Readers);
        return routes;
    }

    internal static async Task<Results<Created<ConsultationRecord>, NotFound, ProblemHttpResult>> AddConsultationAsync(
        Guid id, ConsultationRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var actor = user.Id() ?? "unknown";
        var (entry, errors) = CaseRecords.Consultation(request.Stage, request.Channel, request.Staff, request.Text, request.OccurredAt, actor,
            stored.Case.OpenedAt, now);
        if (entry is null)
        {
            return OneStopProblems.Invalid(errors, "The consultation cannot be recorded as submitted.");
        }

        var recorded = (await CaseRecordStore.StagesAsync(unit, id, cancellationToken))
            .Select(s => WireNames.Parse<ConsultationStage>(s)!.Value).ToList();
        if (CaseRecords.CheckStageOrder(recorded, entry.Stage) is { } outOfOrder)
        {
            return OneStopProblems.Conflict(outOfOrder, "The consultation cannot be recorded.");
        }

        var record = new ConsultationRecord(Guid.CreateVersion7(), id, CaseRecords.Name(entry.Stage), CaseRecords.Name(entry.Channel), entry.Staff,
            entry.Text, entry.OccurredAt, actor, now);
        await CaseRecordStore.InsertAsync(unit, record, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "case.consultation.recorded", "case", id.ToString(), null, record), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/cases/{id}/consultations", record);
    }

    internal static async Task<Results<Ok<ConsultationList>, NotFound>> ConsultationsAsync(
        Guid id, ClaimsPrincipal user, CaseStore cases, CaseRecordStore records, CancellationToken cancellationToken) =>
        await Visible(id, user, cases, cancellationToken)
            ? TypedResults.Ok(new ConsultationList(await records.ConsultationsAsync(id, cancellationToken)))
            : TypedResults.NotFound();

    internal static async Task<Results<Created<NoteRecord>, NotFound, ProblemHttpResult>> AddNoteAsync(
        Guid id, NoteRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        if (CaseRecords.Note(request.Text) is { Count: > 0 } errors)
        {
            return OneStopProblems.Invalid(errors, "The note cannot be added as submitted.");
        }

        var record = new NoteRecord(Guid.CreateVersion7(), id, request.Text!.Trim(), user.Id() ?? "unknown", clock.GetUtcNow());
        await CaseRecordStore.InsertAsync(unit, record, cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "case.note.added", "case", id.ToString(), null, record), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/cases/{id}/notes", record);
    }

    internal static async Task<Results<Ok<NoteList>, NotFound>> NotesAsync(
        Guid id, ClaimsPrincipal user, CaseStore cases, CaseRecordStore records, CancellationToken cancellationToken) =>
        await Visible(id, user, cases, cancellationToken)
            ? TypedResults.Ok(new NoteList(await records.NotesAsync(id, cancellationToken)))
            : TypedResults.NotFound();

    /// <summary>Records an outcome of the case and publishes <see cref="CaseMilestoneRecorded"/> in the same transaction.</summary>
    internal static async Task<Results<Created<MilestoneRecord>, NotFound, ProblemHttpResult>> AddMilestoneAsync(
        Guid id, MilestoneRequest request, ClaimsPrincipal user, UnitOfWorkFactory units, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var unit = await units.BeginAsync(cancellationToken);
        if (await CaseStore.LockAsync(unit, id, cancellationToken) is not { } stored || !user.WardScope().Allows(stored.Case.Ward))
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow();
        var (entry, errors) = CaseRecords.Milestone(request.Kind, request.Jobs, request.AmountCny, request.AchievedOn, request.Evidence,
            stored.Case.OpenedAt, now);
        if (entry is null)
        {
            return OneStopProblems.Invalid(errors, "The milestone cannot be recorded as submitted.");
        }

        var kind = CaseRecords.Name(entry.Kind);
        if (entry.Kind == MilestoneKind.BusinessStarted && await CaseRecordStore.HasMilestoneAsync(unit, id, kind, cancellationToken))
        {
            return OneStopProblems.Conflict(DomainError.Conflict("milestone-already-recorded", "The business start is already recorded on this case; a business starts once."),
                "The milestone cannot be recorded.");
        }

        var actor = user.Id() ?? "unknown";
        var c = stored.Case;
        var record = new MilestoneRecord(Guid.CreateVersion7(), id, c.EnterpriseId, c.Ward, kind, entry.Jobs, entry.AmountCny, entry.AchievedOn,
            entry.Evidence, actor, now);
        await CaseRecordStore.InsertAsync(unit, record, cancellationToken);
        await unit.EnqueueAsync(new CaseMilestoneRecorded(record.Id, id, c.EnterpriseId, c.Ward, c.ProcedureCode, kind, entry.Jobs, entry.AmountCny,
            entry.AchievedOn, entry.Evidence, actor, now), cancellationToken);
        await unit.AuditAsync(new AuditEntry(Actor.From(user), "case.milestone.recorded", "case", id.ToString(), null, record), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/onestop/cases/{id}/milestones", record);
    }

    internal static async Task<Results<Ok<MilestoneList>, NotFound>> MilestonesAsync(
        Guid id, ClaimsPrincipal user, CaseStore cases, CaseRecordStore records, CancellationToken cancellationToken) =>
        await Visible(id, user, cases, cancellationToken)
            ? TypedResults.Ok(new MilestoneList(await records.MilestonesAsync(id, cancellationToken)))
            : TypedResults.NotFound();

    private static async Task<bool> Visible(Guid id, ClaimsPrincipal user, CaseStore cases, CancellationToken cancellationToken) =>
        await cases.FindAsync(id, cancellationToken) is { } stored && user.WardScope().Allows(stored.Case.Ward);


}
