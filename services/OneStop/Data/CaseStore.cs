using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>One version of a catalogue procedure: who handles it, what it costs, how long it may take, what it needs.</summary>
public sealed record Procedure(
    string Code,
    int Version,
    string NameEn,
    string NameZh,
    string ResponsibleOffice,
    decimal FeeCny,
    int TimeLimitWorkingDays,
    IReadOnlyList<RequiredDocument> DocumentsNew,
    IReadOnlyList<RequiredDocument> DocumentsRenewal)
{
    public IReadOnlyList<RequiredDocument> Checklist(string kind) => kind == CaseKinds.Renewal ? DocumentsRenewal : DocumentsNew;
}

public static class CaseKinds
{
    public const string New = "new";
    public const string Renewal = "renewal";
}

/// <summary>
/// A stored case: the domain's <see cref="Case"/> with its procedure version, kind, SLA deadline (moved on by pauses while
/// waiting for documents) and row version; <see cref="OverdueSince"/> is set once by the daily overdue run.
/// </summary>
public sealed record StoredCase(Case Case, int ProcedureVersion, string Kind, SlaDeadline Deadline, int RowVersion, DateTimeOffset? OverdueSince = null)
{
    /// <summary>On the overdue list: open and either flagged by the daily run or overdue on the clock right now.</summary>
    public bool IsOverdue(DateTimeOffset now) => !Case.IsClosed && (OverdueSince is not null || SlaClock.IsOverdue(Case.State, Deadline, now));
}

/// <summary>The filters of the case list; a null value does not filter.</summary>
public sealed record CaseFilter(string? Ward, CaseState? State, bool? Overdue, Guid? EnterpriseId, DateTimeOffset Now, int Limit);

/// <summary>The service catalogue and the cases opened under it; the rules are <see cref="CaseWorkflow"/>'s.</summary>
public sealed class CaseStore(NpgsqlDataSource dataSource)
{
    /// <summary>How the checklist, the log and the referrals are stored: camelCase, enum names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string CaseColumns =
        "id, enterprise_id, ward, procedure_code, procedure_version, kind, state, opened_at, opened_by, time_limit_days, counts_from, due_date, due_by, " +
        "provisional, documents::text AS documents, history::text AS history, referrals::text AS referrals, row_version, overdue_since";

    private const string ClosedStates = "('Completed', 'Rejected', 'Withdrawn')";

    private const string OverdueCondition = "(overdue_since IS NOT NULL OR (state <> 'WaitingForDocuments' AND due_by <= @Now))";

    /// <summary>The current (highest) version of every procedure, by code.</summary>
    public async Task<IReadOnlyList<Procedure>> CurrentProceduresAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ProcedureStore.Row>(new CommandDefinition(
            $"SELECT DISTINCT ON (code) {ProcedureStore.Columns} FROM procedures ORDER BY code, version DESC",
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToProcedure()).ToList();
    }

    /// <summary>The current version of one procedure, read in the caller's transaction; null when the code is unknown.</summary>
    public static async Task<Procedure?> CurrentProcedureAsync(UnitOfWork unit, string code, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<ProcedureStore.Row>(new CommandDefinition(
            $"SELECT {ProcedureStore.Columns} FROM procedures WHERE code = @code ORDER BY version DESC LIMIT 1",
            new { code }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToProcedure();
    }

    public static Task InsertAsync(UnitOfWork unit, StoredCase stored, DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO cases (id, enterprise_id, ward, procedure_code, procedure_version, kind, state, opened_at, opened_by, time_limit_days,
                               counts_from, due_date, due_by, provisional, documents, history, referrals, updated_at, row_version)
            VALUES (@Id, @EnterpriseId, @Ward, @ProcedureCode, @ProcedureVersion, @Kind, @State, @OpenedAt, @OpenedBy, @TimeLimitDays,
                    @CountsFrom, @DueDate, @DueBy, @Provisional, CAST(@Documents AS jsonb), CAST(@History AS jsonb), CAST(@Referrals AS jsonb), @now, 1)
            """,
            Parameters(stored, now), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Writes the case's new state, checklist, log, referrals and due date (moved by an SLA pause) and counts the row version up.</summary>
    public static Task UpdateAsync(UnitOfWork unit, StoredCase stored, DateTimeOffset now, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE cases SET state = @State, documents = CAST(@Documents AS jsonb), history = CAST(@History AS jsonb),
                referrals = CAST(@Referrals AS jsonb), due_date = @DueDate, due_by = @DueBy, provisional = @Provisional,
                updated_at = @now, row_version = row_version + 1
            WHERE id = @Id
            """,
            Parameters(stored, now), unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The case, locked for the rest of the unit; null when there is none.</summary>
    public static async Task<StoredCase?> LockAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"SELECT {CaseColumns} FROM cases WHERE id = @id FOR UPDATE",
            new { id }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    /// <summary>The enterprise's newest open case that can take a referral now (received, in progress, referred), locked; null when none.</summary>
    public static async Task<StoredCase?> LockNewestReferableAsync(UnitOfWork unit, Guid enterpriseId, CancellationToken cancellationToken)
    {
        var row = await unit.Connection.QueryFirstOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"""
            SELECT {CaseColumns} FROM cases
            WHERE enterprise_id = @enterpriseId AND state IN ('Received', 'InProgress', 'Referred')
            ORDER BY opened_at DESC, id DESC LIMIT 1 FOR UPDATE
            """,
            new { enterpriseId }, unit.Transaction, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    public async Task<StoredCase?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"SELECT {CaseColumns} FROM cases WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToStored();
    }

    /// <summary>
    /// Cases by the filter, the soonest due first. Overdue: open and either flagged by the daily overdue run or, between
    /// runs, past the end of the due date at <c>Now</c> while not waiting for documents (the SLA clock stands still then).
    /// </summary>
    public async Task<IReadOnlyList<StoredCase>> ListAsync(CaseFilter filter, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (filter.Ward is not null)
        {
            where.Add("ward = @Ward");
        }

        if (filter.State is not null)
        {
            where.Add("state = @State");
        }

        if (filter.EnterpriseId is not null)
        {
            where.Add("enterprise_id = @EnterpriseId");
        }

        if (filter.Overdue == true)
        {
            where.Add($"state NOT IN {ClosedStates} AND {OverdueCondition}");
        }
        else if (filter.Overdue == false)
        {
            where.Add($"(state IN {ClosedStates} OR NOT {OverdueCondition})");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CaseRow>(new CommandDefinition(
            $"""
            SELECT {CaseColumns} FROM cases
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY due_by, id LIMIT @Limit
            """,
            new { filter.Ward, State = filter.State?.ToString(), filter.EnterpriseId, filter.Now, filter.Limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToList();
    }

    private static object Parameters(StoredCase stored, DateTimeOffset now)
    {
        var c = stored.Case;
        return new
        {
            c.Id,
            c.EnterpriseId,
            c.Ward,
            c.ProcedureCode,
            stored.ProcedureVersion,
            stored.Kind,
            State = c.State.ToString(),
            c.OpenedAt,
            c.OpenedBy,
            TimeLimitDays = stored.Deadline.TimeLimitWorkingDays,
            stored.Deadline.CountsFrom,
            stored.Deadline.DueDate,
            DueBy = stored.Deadline.DueBy.ToUniversalTime(),
            stored.Deadline.Provisional,
            Documents = JsonSerializer.Serialize(c.Documents, Json),
            History = JsonSerializer.Serialize(c.History, Json),
            Referrals = JsonSerializer.Serialize(c.Referrals, Json),
            now,
        };
    }

    private sealed class CaseRow
    {
        public Guid Id { get; set; }

        public Guid EnterpriseId { get; set; }

        public string Ward { get; set; } = "";

        public string ProcedureCode { get; set; } = "";

        public int ProcedureVersion { get; set; }

        public string Kind { get; set; } = "";

        public string State { get; set; } = "";

        public DateTimeOffset OpenedAt { get; set; }

        public string OpenedBy { get; set; } = "";

        public int TimeLimitDays { get; set; }

        public DateOnly CountsFrom { get; set; }

        public DateOnly DueDate { get; set; }

        public DateTimeOffset DueBy { get; set; }

        public bool Provisional { get; set; }

        public string Documents { get; set; } = "[]";

        public string History { get; set; } = "[]";

        public string Referrals { get; set; } = "[]";

        public int RowVersion { get; set; }

        public DateTimeOffset? OverdueSince { get; set; }

        public StoredCase ToStored()
        {
            var @case = new Case(Id, EnterpriseId, Ward, ProcedureCode, Enum.Parse<CaseState>(State), OpenedAt, OpenedBy,
                JsonSerializer.Deserialize<List<CaseDocument>>(Documents, Json)!,
                JsonSerializer.Deserialize<List<CaseTransition>>(History, Json)!,
                JsonSerializer.Deserialize<List<CaseReferral>>(Referrals, Json)!);
            var deadline = new SlaDeadline(OpenedAt, TimeLimitDays, CountsFrom, DueDate, DueBy, Provisional);
            return new StoredCase(@case, ProcedureVersion, Kind, deadline, RowVersion, OverdueSince);
        }
    }
}
