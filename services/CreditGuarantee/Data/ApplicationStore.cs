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

    /// <summary>Inserts the application unless the bank already used its application key; false then.</summary>
    public static async Task<bool> TryInsertAsync(UnitOfWork unit, ApplicationRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO applications (id, bank_id, bank_application_key, enterprise_id, uscc, enterprise_name, ward, industry_code,
                loan_amount, currency, term_months, purpose, purpose_detail, programme, instalment_type, instalments,
                requested_coverage, collateral, financial_statements, consent_diagnosis, consent_counselling, state,
                configuration_id, configuration_version, submitted_at, updated_at, row_version, channel, referral_id)
            VALUES (@Id, @BankId, @BankApplicationKey, @EnterpriseId, @Uscc, @EnterpriseName, @Ward, @IndustryCode,
                @LoanAmount, @Currency, @TermMonths, @Purpose, @PurposeDetail, @Programme, @InstalmentType, @Instalments,
                @RequestedCoverage, CAST(@Collateral AS jsonb), CAST(@FinancialStatements AS jsonb), @ConsentDiagnosis,
                @ConsentCounselling, @State, @ConfigurationId, @ConfigurationVersion, @SubmittedAt, @UpdatedAt, 1, @Channel, @ReferralId)
            ON CONFLICT (bank_id, bank_application_key) DO NOTHING
            """,
            row, unit.Transaction, cancellationToken: cancellationToken)) == 1;

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

    /// <summary>Writes the row if nobody changed it since it was read (row version); false otherwise. Bumps the version.</summary>
    public static async Task<bool> TryUpdateAsync(UnitOfWork unit, ApplicationRow row, CancellationToken cancellationToken)
    {
        var updated = await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE applications SET
                state = @State, examiner = @Examiner, second_examiner = @SecondExaminer,
                screening = CAST(@Screening AS jsonb), proposed_decision = CAST(@ProposedDecision AS jsonb),
                decision = CAST(@Decision AS jsonb), information_request = @InformationRequest,
                guaranteed_amount = @GuaranteedAmount, conditions = CAST(@Conditions AS jsonb),
                disbursement = CAST(@Disbursement AS jsonb), outstanding = @Outstanding, claim_filed = @ClaimFiled,
                claim_paid = @ClaimPaid, recovered = @Recovered, configuration_id = @ConfigurationId,
                configuration_version = @ConfigurationVersion, updated_at = @UpdatedAt, row_version = row_version + 1
            WHERE id = @Id AND row_version = @RowVersion
            """,
            row, unit.Transaction, cancellationToken: cancellationToken));
        if (updated == 1)
        {
            row.RowVersion++;
        }

        return updated == 1;
    }

    public static async Task InsertHistoryAsync(UnitOfWork unit, Guid applicationId, IEnumerable<WorkflowTransition> transitions,
        CancellationToken cancellationToken)
    {
        foreach (var t in transitions)
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO application_history (id, application_id, from_state, to_state, action, actor_id, actor_role, occurred_at, note)
                VALUES (@id, @applicationId, @from, @to, @action, @actorId, @actorRole, @at, @note)
                """,
                new
                {
                    id = Guid.CreateVersion7(), applicationId, from = States.ToWire(t.From), to = States.ToWire(t.To),
                    action = States.SnakeCase(t.Action.ToString()), actorId = t.ActorId, actorRole = States.SnakeCase(t.Role.ToString()),
                    at = t.At, note = t.Note,
                },
                unit.Transaction, cancellationToken: cancellationToken));
        }
    }

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

    /// <summary>Serialises screening per enterprise, so that two banks' simultaneous applications see each other (anti-splitting).</summary>
    public static Task LockEnterpriseAsync(UnitOfWork unit, Guid enterpriseId, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('guarantee-enterprise:' || @enterpriseId::text, 0))",
            new { enterpriseId }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Serialises approvals, so that two examiners approving at once cannot together breach a cap.</summary>
    public static Task LockExposureAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('guarantee-exposure', 0))",
            transaction: unit.Transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<OtherApplication>> OtherApplicationsAsync(UnitOfWork unit, Guid enterpriseId, Guid exceptId,
        TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var rows = await unit.Connection.QueryAsync<OtherRow>(new CommandDefinition(
            "SELECT id, bank_id, submitted_at, state FROM applications WHERE enterprise_id = @enterpriseId AND id <> @exceptId",
            new { enterpriseId, exceptId }, unit.Transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new OtherApplication(r.Id, r.BankId, LocalDate(r.SubmittedAt, zone), States.Parse(r.State)))];
    }

    public static Task<bool> InDefaultAsync(UnitOfWork unit, Guid enterpriseId, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM applications WHERE enterprise_id = @enterpriseId AND state = ANY(@states))",
            new { enterpriseId, states = DefaultStates }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Today's exposure (guaranteed amounts of approved and live guarantees), in total and by the new application's groups.</summary>
    public static async Task<ExposureSnapshot> ExposureAsync(UnitOfWork unit, Guid exceptId, Guid enterpriseId, string bankId, char section, string ward,
        CancellationToken cancellationToken)
    {
        var sums = await unit.Connection.QuerySingleAsync<(decimal Fund, decimal Enterprise, decimal Bank, decimal Section, decimal Ward)>(new CommandDefinition(
            """
            SELECT coalesce(sum(guaranteed_amount), 0),
                   coalesce(sum(guaranteed_amount) FILTER (WHERE enterprise_id = @enterpriseId), 0),
                   coalesce(sum(guaranteed_amount) FILTER (WHERE bank_id = @bankId), 0),
                   coalesce(sum(guaranteed_amount) FILTER (WHERE left(industry_code, 1) = @section), 0),
                   coalesce(sum(guaranteed_amount) FILTER (WHERE ward = @ward), 0)
            FROM applications
            WHERE state = ANY(@states) AND guaranteed_amount IS NOT NULL AND id <> @exceptId
            """,
            new { enterpriseId, bankId, section = section.ToString(), ward, states = ExposureStates, exceptId },
            unit.Transaction, cancellationToken: cancellationToken));
        return new ExposureSnapshot(sums.Fund, sums.Enterprise, sums.Bank, sums.Section, sums.Ward);
    }

    private sealed record OtherRow(Guid Id, string BankId, DateTimeOffset SubmittedAt, string State);

    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
