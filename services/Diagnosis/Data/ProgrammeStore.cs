using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Diagnosis.Domain.Programme;
using SmePlatform.Diagnosis.Domain.Scoring;

namespace SmePlatform.Diagnosis.Data;

/// <summary>An enterprise chosen for the excellent-SME programme.</summary>
public sealed class IntakeRecord
{
    public Guid EnterpriseId { get; set; }
    public int IntakeYear { get; set; }
    public Guid DiagnosisId { get; set; }
    public string Ward { get; set; } = "";
    public int Position { get; set; }
    public string Criteria { get; set; } = "";
    public string SelectedBy { get; set; } = "";
    public DateTimeOffset SelectedAt { get; set; }
}

/// <summary>The excellent-SME programme: the facts its criteria read, and its intakes.</summary>
public sealed class ProgrammeStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The latest diagnosis of every enterprise not yet in the programme whose diagnosed year is in [<paramref name="fromYear"/>,
    /// <paramref name="toYear"/>] (of <paramref name="only"/> when given), with the scores the criteria read and its stored years.
    /// </summary>
    public async Task<IReadOnlyList<CandidateFacts>> CandidateFactsAsync(int fromYear, int toYear, IReadOnlyList<Guid>? only, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(
            """
            WITH latest AS (
                SELECT DISTINCT ON (enterprise_id) id, enterprise_id, ward, fiscal_year, rank, result
                FROM diagnoses
                WHERE (CAST(@only AS uuid[]) IS NULL OR enterprise_id = ANY(@only))
                ORDER BY enterprise_id, number DESC)
            SELECT l.enterprise_id AS EnterpriseId, l.id AS DiagnosisId, l.ward AS Ward, l.fiscal_year AS FiscalYear, l.rank AS Rank,
                   (l.result->'rank'->>'scaledTotal')::numeric AS ScaledTotal,
                   (SELECT (i->>'score')::int FROM jsonb_array_elements(l.result->'indicators') i WHERE i->>'code' = 'operating_margin') AS OperatingMarginScore,
                   (SELECT (i->>'score')::int FROM jsonb_array_elements(l.result->'indicators') i WHERE i->>'code' = 'equity_ratio') AS EquityRatioScore,
                   (SELECT (i->>'score')::int FROM jsonb_array_elements(l.result->'indicators') i WHERE i->>'code' = 'ebitda_debt_multiple') AS DebtMultipleScore
            FROM latest l
            WHERE l.fiscal_year BETWEEN @fromYear AND @toYear
              AND NOT EXISTS (SELECT 1 FROM excellent_sme_intakes x WHERE x.enterprise_id = l.enterprise_id)
            """, new { fromYear, toYear, only = only?.ToArray() }, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var periods = (await connection.QueryAsync<(Guid EnterpriseId, int FiscalYear, bool Profit, bool Checked)>(new CommandDefinition(
                """
                SELECT enterprise_id, fiscal_year, net_profit > 0, total_liabilities IS NOT NULL
                FROM statements WHERE enterprise_id = ANY(@ids)
                """, new { ids = rows.Select(r => r.EnterpriseId).ToArray() }, cancellationToken: cancellationToken)))
            .ToLookup(p => p.EnterpriseId, p => new PeriodFact(p.FiscalYear, p.Profit, p.Checked));
        return
        [
            .. rows.Select(r => new CandidateFacts(r.EnterpriseId, r.DiagnosisId, r.Ward, r.FiscalYear,
                r.Rank is null ? null : Enum.Parse<Rank>(r.Rank), r.ScaledTotal ?? 0, r.OperatingMarginScore, r.EquityRatioScore, r.DebtMultipleScore,
                [.. periods[r.EnterpriseId]])),
        ];
    }

    /// <summary>Serialises intakes: the places left are counted and taken under this lock, so two recordings cannot both take the last place.</summary>
    public static Task LockAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('excellent-sme-intakes', 0))",
            transaction: unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>How many are selected per intake year so far.</summary>
    public static async Task<IReadOnlyDictionary<int, int>> SelectedPerYearAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<(int Year, int Count)>(new CommandDefinition(
            "SELECT intake_year, count(*)::int FROM excellent_sme_intakes GROUP BY intake_year", transaction: unit.Transaction,
            cancellationToken: cancellationToken))).ToDictionary(r => r.Year, r => r.Count);

    public async Task<IReadOnlyDictionary<int, int>> SelectedPerYearAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(int Year, int Count)>(new CommandDefinition(
            "SELECT intake_year, count(*)::int FROM excellent_sme_intakes GROUP BY intake_year", cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Year, r => r.Count);
    }

    /// <summary>The intake year of each of <paramref name="enterpriseIds"/> already in the programme.</summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> AlreadySelectedAsync(UnitOfWork unit, IReadOnlyList<Guid> enterpriseIds, CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<(Guid EnterpriseId, int Year)>(new CommandDefinition(
            "SELECT enterprise_id, intake_year FROM excellent_sme_intakes WHERE enterprise_id = ANY(@ids)", new { ids = enterpriseIds.ToArray() },
            unit.Transaction, cancellationToken: cancellationToken))).ToDictionary(r => r.EnterpriseId, r => r.Year);

    public static void Insert(UnitOfWork unit, IntakeRecord r) =>
        unit.Defer(
            """
            INSERT INTO excellent_sme_intakes (enterprise_id, intake_year, diagnosis_id, ward, position, criteria, selected_by, selected_at)
            VALUES ($1, $2, $3, $4, $5, CAST($6 AS jsonb), $7, $8)
            """,
            r.EnterpriseId, r.IntakeYear, r.DiagnosisId, r.Ward, r.Position, r.Criteria, r.SelectedBy, r.SelectedAt);

    public async Task<IReadOnlyList<IntakeRecord>> IntakeAsync(int year, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<IntakeRecord>(new CommandDefinition(
            """
            SELECT enterprise_id, intake_year, diagnosis_id, ward, position, criteria::text AS criteria, selected_by, selected_at
            FROM excellent_sme_intakes WHERE intake_year = @year ORDER BY position, enterprise_id
            """, new { year }, cancellationToken: cancellationToken))];
    }

    private sealed class CandidateRow
    {
        public Guid EnterpriseId { get; set; }
        public Guid DiagnosisId { get; set; }
        public string Ward { get; set; } = "";
        public int FiscalYear { get; set; }
        public string? Rank { get; set; }
        public decimal? ScaledTotal { get; set; }
        public int? OperatingMarginScore { get; set; }
        public int? EquityRatioScore { get; set; }
        public int? DebtMultipleScore { get; set; }
    }
}
