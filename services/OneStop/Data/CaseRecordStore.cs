using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.OneStop.Data;

/// <summary>A consultation record as stored and shown; stage and channel in kebab-case (follow-up).</summary>
public sealed record ConsultationRecord(
    Guid Id, Guid CaseId, string Stage, string Channel, string Staff, string Text, DateTimeOffset OccurredAt, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record NoteRecord(Guid Id, Guid CaseId, string Text, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A milestone as stored and shown; kind in kebab-case, the figure its kind needs (jobs or amountCny).</summary>
public sealed record MilestoneRecord(
    Guid Id, Guid CaseId, Guid EnterpriseId, string Ward, string Kind, int? Jobs, decimal? AmountCny, DateOnly AchievedOn, string Evidence,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The records kept on a case besides its workflow: consultations, notes, milestones (tables of migration 0006).</summary>
public sealed class CaseRecordStore(NpgsqlDataSource dataSource)
{
    public static Task InsertAsync(UnitOfWork unit, ConsultationRecord record, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO case_consultations (id, case_id, stage, channel, staff, text, occurred_at, recorded_by, recorded_at)
            VALUES (@Id, @CaseId, @Stage, @Channel, @Staff, @Text, @OccurredAt, @RecordedBy, @RecordedAt)
            """, record, unit.Transaction, cancellationToken: cancellationToken));

    public static Task InsertAsync(UnitOfWork unit, NoteRecord record, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO case_notes (id, case_id, text, recorded_by, recorded_at) VALUES (@Id, @CaseId, @Text, @RecordedBy, @RecordedAt)",
            record, unit.Transaction, cancellationToken: cancellationToken));

    public static Task InsertAsync(UnitOfWork unit, MilestoneRecord record, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO case_milestones (id, case_id, enterprise_id, ward, kind, jobs, amount_cny, achieved_on, evidence, recorded_by, recorded_at)
            VALUES (@Id, @CaseId, @EnterpriseId, @Ward, @Kind, @Jobs, @AmountCny, @AchievedOn, @Evidence, @RecordedBy, @RecordedAt)
            """, record, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The consultation stages already on the case, read under the case's row lock.</summary>
    public static async Task<IReadOnlyList<string>> StagesAsync(UnitOfWork unit, Guid caseId, CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT stage FROM case_consultations WHERE case_id = @caseId", new { caseId }, unit.Transaction,
            cancellationToken: cancellationToken))).ToList();

    /// <summary>Whether the case already has a milestone of this kind (read under the case's row lock).</summary>
    public static Task<bool> HasMilestoneAsync(UnitOfWork unit, Guid caseId, string kind, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM case_milestones WHERE case_id = @caseId AND kind = @kind)", new { caseId, kind }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<ConsultationRecord>> ConsultationsAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConsultationRow>(new CommandDefinition(
            "SELECT * FROM case_consultations WHERE case_id = @caseId ORDER BY occurred_at, id", new { caseId }, cancellationToken: cancellationToken));
        return rows.Select(r => new ConsultationRecord(r.Id, r.CaseId, r.Stage, r.Channel, r.Staff, r.Text, r.OccurredAt, r.RecordedBy, r.RecordedAt)).ToList();
    }

    public async Task<IReadOnlyList<NoteRecord>> NotesAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NoteRow>(new CommandDefinition(
            "SELECT * FROM case_notes WHERE case_id = @caseId ORDER BY recorded_at, id", new { caseId }, cancellationToken: cancellationToken));
        return rows.Select(r => new NoteRecord(r.Id, r.CaseId, r.Text, r.RecordedBy, r.RecordedAt)).ToList();
    }

    public async Task<IReadOnlyList<MilestoneRecord>> MilestonesAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MilestoneRow>(new CommandDefinition(
            "SELECT * FROM case_milestones WHERE case_id = @caseId ORDER BY achieved_on, id", new { caseId }, cancellationToken: cancellationToken));
        return rows.Select(r => new MilestoneRecord(r.Id, r.CaseId, r.EnterpriseId, r.Ward, r.Kind, r.Jobs, r.AmountCny, r.AchievedOn, r.Evidence,
            r.RecordedBy, r.RecordedAt)).ToList();
    }

    private sealed class ConsultationRow
    {
        public Guid Id { get; set; }

        public Guid CaseId { get; set; }

        public string Stage { get; set; } = "";

        public string Channel { get; set; } = "";

        public string Staff { get; set; } = "";

        public string Text { get; set; } = "";

        public DateTimeOffset OccurredAt { get; set; }

        public string RecordedBy { get; set; } = "";

        public DateTimeOffset RecordedAt { get; set; }
    }

    private sealed class NoteRow
    {
        public Guid Id { get; set; }

        public Guid CaseId { get; set; }

        public string Text { get; set; } = "";

        public string RecordedBy { get; set; } = "";

        public DateTimeOffset RecordedAt { get; set; }
    }

    private sealed class MilestoneRow
    {
        public Guid Id { get; set; }

        public Guid CaseId { get; set; }

        public Guid EnterpriseId { get; set; }

        public string Ward { get; set; } = "";

        public string Kind { get; set; } = "";

        public int? Jobs { get; set; }

        public decimal? AmountCny { get; set; }

        public DateOnly AchievedOn { get; set; }

        public string Evidence { get; set; } = "";

        public string RecordedBy { get; set; } = "";

        public DateTimeOffset RecordedAt { get; set; }
    }
}
