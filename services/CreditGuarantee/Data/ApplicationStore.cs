using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

/// <summary>SQL of applications, their history and the screening facts (Dapper).</summary>
public static class ApplicationStore
{
    internal const string Columns =
        """
        id, bank_id, bank_application_key, enterprise_id, uscc, enterprise_name, ward, industry_code, loan_amount, currency,
        term_months, purpose, purpose_detail, programme, instalment_type, instalments, requested_coverage,
        collateral::text AS collateral, financial_statements::text AS financial_statements, consent_diagnosis,
        consent_counselling, state, examiner, second_examiner, screening::text AS screening,
        proposed_decision::text AS proposed_decision, decision::text AS decision, information_request, guaranteed_amount,
        conditions::text AS conditions, disbursement::text AS disbursement, outstanding, claim_filed, claim_paid, recovered,
        configuration_id, configuration_version, submitted_at, updated_at, row_version, channel, referral_id
        """;

    /// <summary>States whose guaranteed amount counts as the fund's exposure: approvals are commitments from the moment they are made.</summary>
    public static readonly string[] ExposureStates =
    [
        .. new[]
        {
            ApplicationState.Approved, ApplicationState.ApprovedWithConditions, ApplicationState.Issued, ApplicationState.Active,
            ApplicationState.Defaulted, ApplicationState.ClaimFiled,
        }.Select(States.ToWire),
    ];

    /// <summary>States in which the enterprise is in default on a guaranteed loan.</summary>
    public static readonly string[] DefaultStates =
    [
        .. new[] { ApplicationState.Defaulted, ApplicationState.ClaimFiled, ApplicationState.ClaimPaid, ApplicationState.RecoveriesBooked }
            .Select(States.ToWire),
    ];

    /// <summary>
    /// Screening's in-default test and exposure sums, in one statement ($1 enterprise, $2 the new application, $3 bank,
    /// $4 industry section, $5 ward).
    /// </summary>
    /// <remarks>
    /// The state lists are in the text, not parameters. The statement is auto-prepared, and after five executions
    /// PostgreSQL keeps a generic plan, built without the parameters' values: for <c>state = ANY($n)</c> that plan was a
    /// sequential scan of every application, 0.4 ms a submission at 5,000 applications and growing with the portfolio
    /// (docs/performance.md). With the values written in, the generic plan reads applications_queue for the few
    /// approved and live guarantees.
    /// </remarks>
    public static readonly string ScreeningSumsSql = $"""
        SELECT EXISTS (SELECT 1 FROM applications WHERE enterprise_id = $1 AND state IN ({SqlList(DefaultStates)})),
               coalesce(sum(guaranteed_amount), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE enterprise_id = $1), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE bank_id = $3), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE left(industry_code, 1) = $4), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE ward = $5), 0)
        FROM applications
        WHERE state IN ({SqlList(ExposureStates)}) AND guaranteed_amount IS NOT NULL AND id <> $2
        """;

    /// <summary>Today's exposure for an approval (the state list written in, as in <see cref="ScreeningSumsSql"/>).</summary>
    private static readonly string ExposureSql = $"""
        SELECT coalesce(sum(guaranteed_amount), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE enterprise_id = @enterpriseId), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE bank_id = @bankId), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE left(industry_code, 1) = @section), 0),
               coalesce(sum(guaranteed_amount) FILTER (WHERE ward = @ward), 0)
        FROM applications
        WHERE state IN ({SqlList(ExposureStates)}) AND guaranteed_amount IS NOT NULL AND id <> @exceptId
        """;

    /// <summary>Our own state names as SQL string literals; anything but lower-case words and underscores is refused.</summary>
    private static string SqlList(IEnumerable<string> states) =>
        string.Join(", ", states.Select(state => state.Length > 0 && state.All(c => c is (>= 'a' and <= 'z') or '_')
            ? $"'{state}'"
            : throw new InvalidOperationException($"State '{state}' cannot be written into SQL.")));

    /// <summary>
    /// Inserts the application unless the bank already used its application key, in the unit's next batch (it travels
    /// with the screening's reads): the returned command's RecordsAffected is 1 once sent, 0 when the key was in use.
    /// </summary>
    public static NpgsqlBatchCommand DeferInsert(UnitOfWork unit, ApplicationRow row) =>
        unit.Defer(
            """
            INSERT INTO applications (id, bank_id, bank_application_key, enterprise_id, uscc, enterprise_name, ward, industry_code,
                loan_amount, currency, term_months, purpose, purpose_detail, programme, instalment_type, instalments,
                requested_coverage, collateral, financial_statements, consent_diagnosis, consent_counselling, state,
                configuration_id, configuration_version, submitted_at, updated_at, row_version, channel, referral_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, CAST($18 AS jsonb), CAST($19 AS jsonb), $20,
                $21, $22, $23, $24, $25, $26, 1, $27, $28)
            ON CONFLICT (bank_id, bank_application_key) DO NOTHING
            """,
            row.Id, row.BankId, row.BankApplicationKey, row.EnterpriseId, row.Uscc, row.EnterpriseName, row.Ward, row.IndustryCode,
            row.LoanAmount, row.Currency, row.TermMonths, row.Purpose, row.PurposeDetail, row.Programme, row.InstalmentType, row.Instalments,
            row.RequestedCoverage, row.Collateral, row.FinancialStatements, row.ConsentDiagnosis, row.ConsentCounselling, row.State,
            row.ConfigurationId, row.ConfigurationVersion, row.SubmittedAt, row.UpdatedAt, row.Channel, row.ReferralId);

    public static Task<Guid?> FindIdByKeyAsync(NpgsqlConnection connection, string bankId, string applicationKey, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM applications WHERE bank_id = @bankId AND bank_application_key = @applicationKey",
            new { bankId, applicationKey }, cancellationToken: cancellationToken));

    /// <summary>One application; with <paramref name="bankId"/>, only if it is that bank's (another bank's is not found).</summary>
    public static Task<ApplicationRow?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, string? bankId,
        CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ApplicationRow?>(new CommandDefinition(
            $"SELECT {Columns} FROM applications WHERE id = @id AND (@bankId::text IS NULL OR bank_id = @bankId)",
            new { id, bankId }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Writes the row if nobody changed it since it was read (row version); false otherwise. Bumps the version. Goes out
    /// with the unit's deferred writes, in one round trip.
    /// </summary>
    public static async Task<bool> TryUpdateAsync(UnitOfWork unit, ApplicationRow row, CancellationToken cancellationToken)
    {
        var update = unit.Defer(UpdateSql, UpdateValues(row));
        await unit.FlushAsync(cancellationToken);
        if (update.RecordsAffected == 1)
        {
            row.RowVersion++;
        }

        return update.RecordsAffected == 1;
    }

    /// <summary>
    /// Writes a row this unit inserted, in the unit's next batch. No other transaction can see the row before commit, so
    /// the row-version check cannot fail and there is nothing to wait for. Bumps the version.
    /// </summary>
    public static void DeferUpdateOfOwnRow(UnitOfWork unit, ApplicationRow row)
    {
        unit.Defer(UpdateSql, UpdateValues(row));
        row.RowVersion++;
    }

    private const string UpdateSql =
        """
        UPDATE applications SET
            state = $1, examiner = $2, second_examiner = $3,
            screening = CAST($4 AS jsonb), proposed_decision = CAST($5 AS jsonb),
            decision = CAST($6 AS jsonb), information_request = $7,
            guaranteed_amount = $8, conditions = CAST($9 AS jsonb),
            disbursement = CAST($10 AS jsonb), outstanding = $11, claim_filed = $12,
            claim_paid = $13, recovered = $14, configuration_id = $15,
            configuration_version = $16, updated_at = $17, row_version = row_version + 1
        WHERE id = $18 AND row_version = $19
        """;

    private static object?[] UpdateValues(ApplicationRow row) =>
    [
        row.State, row.Examiner, row.SecondExaminer, row.Screening, row.ProposedDecision, row.Decision, row.InformationRequest,
        row.GuaranteedAmount, row.Conditions, row.Disbursement, row.Outstanding, row.ClaimFiled, row.ClaimPaid, row.Recovered,
        row.ConfigurationId, row.ConfigurationVersion, row.UpdatedAt, row.Id, row.RowVersion,
    ];

    /// <summary>Deferred to the unit's commit batch; a read of the history in the same unit goes through <see cref="HistoryAsync(UnitOfWork, Guid, CancellationToken)"/>.</summary>
    public static Task InsertHistoryAsync(UnitOfWork unit, Guid applicationId, IEnumerable<WorkflowTransition> transitions,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = HistoryOf(transitions);
        foreach (var h in rows)
        {
            unit.Defer(
                """
                INSERT INTO application_history (id, application_id, from_state, to_state, action, actor_id, actor_role, occurred_at, note)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                h.Id, applicationId, h.FromState, h.ToState, h.Action, h.ActorId, h.ActorRole, h.OccurredAt, h.Note);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The history rows of transitions, as <see cref="InsertHistoryAsync"/> stores them and <see cref="HistoryAsync(NpgsqlConnection, NpgsqlTransaction?, Guid, CancellationToken)"/>
    /// reads them back: times at PostgreSQL's microsecond precision, and new ids in the transitions' order.
    /// </summary>
    public static IReadOnlyList<HistoryRow> HistoryOf(IEnumerable<WorkflowTransition> transitions)
    {
        var steps = transitions.ToList();
        // History reads ORDER BY id. UUIDv7 ids made within one millisecond are not monotonic (random low bits), and one
        // unit's transitions are made within one: hand the ids out in PostgreSQL's uuid order (that of their text form).
        var ids = Enumerable.Range(0, steps.Count).Select(_ => Guid.CreateVersion7()).OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
        return
        [
            .. steps.Select((t, i) => new HistoryRow(ids[i], States.ToWire(t.From), States.ToWire(t.To), States.SnakeCase(t.Action.ToString()), t.ActorId,
                States.SnakeCase(t.Role.ToString()), new DateTimeOffset(t.At.UtcTicks - (t.At.UtcTicks % 10), TimeSpan.Zero), t.Note)),
        ];
    }

    /// <summary>The history as this unit sees it: its deferred writes are sent first, in the same round trip.</summary>
    public static Task<IReadOnlyList<HistoryRow>> HistoryAsync(UnitOfWork unit, Guid applicationId, CancellationToken cancellationToken) =>
        unit.FlushAndQueryAsync<IReadOnlyList<HistoryRow>>(
            """
            SELECT id, from_state, to_state, action, actor_id, actor_role, occurred_at, note
            FROM application_history WHERE application_id = $1 ORDER BY id
            """,
            [applicationId],
            async (reader, token) =>
            {
                var rows = new List<HistoryRow>();
                while (await reader.ReadAsync(token))
                {
                    rows.Add(new HistoryRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                        reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
                }

                return rows;
            },
            cancellationToken);

    public static async Task<IReadOnlyList<HistoryRow>> HistoryAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid applicationId,
        CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<HistoryRow>(new CommandDefinition(
                """
                SELECT id, from_state, to_state, action, actor_id, actor_role, occurred_at, note
                FROM application_history WHERE application_id = @applicationId ORDER BY id
                """,
                new { applicationId }, transaction, cancellationToken: cancellationToken)),
        ];

    /// <summary>A bank's applications in (updated_at, id) order after the cursor, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<ApplicationRow>> ListForBankAsync(NpgsqlConnection connection, string bankId, string? state,
        DateTimeOffset? updatedSince, (DateTimeOffset UpdatedAt, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        [
            .. await connection.QueryAsync<ApplicationRow>(new CommandDefinition(
                $"""
                SELECT {Columns} FROM applications
                WHERE bank_id = @bankId
                  AND (@state::text IS NULL OR state = @state)
                  AND (@updatedSince::timestamptz IS NULL OR updated_at >= @updatedSince)
                  AND (@afterAt::timestamptz IS NULL OR (updated_at, id) > (@afterAt, @afterId))
                ORDER BY updated_at, id
                LIMIT @limit
                """,
                new { bankId, state, updatedSince, afterAt = after?.UpdatedAt, afterId = after?.Id ?? Guid.Empty, limit },
                cancellationToken: cancellationToken)),
        ];


    /// <summary>Serialises approvals, so that two examiners approving at once cannot together breach a cap.</summary>
    public static Task LockExposureAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('guarantee-exposure', 0))",
            transaction: unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Today's exposure (guaranteed amounts of approved and live guarantees), in total and by the new application's groups.</summary>
    public static async Task<ExposureSnapshot> ExposureAsync(UnitOfWork unit, Guid exceptId, Guid enterpriseId, string bankId, char section, string ward,
        CancellationToken cancellationToken)
    {
        var sums = await unit.Connection.QuerySingleAsync<(decimal Fund, decimal Enterprise, decimal Bank, decimal Section, decimal Ward)>(new CommandDefinition(
            ExposureSql, new { enterpriseId, bankId, section = section.ToString(), ward, exceptId }, unit.Transaction, cancellationToken: cancellationToken));
        return new ExposureSnapshot(sums.Fund, sums.Enterprise, sums.Bank, sums.Section, sums.Ward);
    }

    /// <summary>
    /// Everything screening reads, in one round trip that also carries the unit's deferred writes: the enterprise's lock,
    /// which serialises screening per enterprise so that two banks' simultaneous applications see each other
    /// (anti-splitting); then in default anywhere and today's exposure in one statement; then the enterprise's other
    /// applications. The statements run in order in this transaction, each with a snapshot taken after the lock is held,
    /// so they see every application committed by a screening that held it before.
    /// </summary>
    public static Task<(bool InDefault, IReadOnlyList<OtherApplication> Others, ExposureSnapshot Exposure)> ScreeningFactsAsync(UnitOfWork unit,
        Guid applicationId, Guid enterpriseId, string bankId, char section, string ward, TimeZoneInfo zone, CancellationToken cancellationToken) =>
        unit.FlushAndQueryAsync<(bool, IReadOnlyList<OtherApplication>, ExposureSnapshot)>(
            [
                ("SELECT pg_advisory_xact_lock(hashtextextended('guarantee-enterprise:' || $1::text, 0))", [enterpriseId]),
                (ScreeningSumsSql, [enterpriseId, applicationId, bankId, section.ToString(), ward]),
                ("SELECT id, bank_id, submitted_at, state FROM applications WHERE enterprise_id = $1 AND id <> $2", [enterpriseId, applicationId]),
            ],
            async (reader, token) =>
            {
                await reader.NextResultAsync(token);
                await reader.ReadAsync(token);
                var inDefault = reader.GetBoolean(0);
                var exposure = new ExposureSnapshot(reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                    reader.GetDecimal(5));
                await reader.NextResultAsync(token);
                var others = new List<OtherApplication>();
                while (await reader.ReadAsync(token))
                {
                    others.Add(new OtherApplication(reader.GetGuid(0), reader.GetString(1), LocalDate(reader.GetFieldValue<DateTimeOffset>(2), zone),
                        States.Parse(reader.GetString(3))));
                }

                return (inDefault, others, exposure);
            },
            cancellationToken);

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
