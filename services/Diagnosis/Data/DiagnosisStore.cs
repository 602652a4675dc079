using Dapper;
using Npgsql;
using SmePlatform.Data;

namespace SmePlatform.Diagnosis.Data;

/// <summary>A stored diagnosis: the columns lists and scoping need, and the whole answer as computed (<see cref="Result"/>, JSON).</summary>
public sealed class DiagnosisRecord
{
    public Guid Id { get; set; }
    public Guid EnterpriseId { get; set; }
    public int Number { get; set; }
    public string Ward { get; set; } = "";
    public string? IndustryCode { get; set; }
    public string Kind { get; set; } = "";
    public int FiscalYear { get; set; }
    public string? Rank { get; set; }
    public string? PreSort { get; set; }
    public string? AssessmentBand { get; set; }
    public int TotalScore { get; set; }
    public string BandTable { get; set; } = "";
    public int CatalogueVersion { get; set; }
    public Guid? ReferralId { get; set; }
    public string Advisor { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string Result { get; set; } = "";
}

/// <summary>One indicator value of a peer's latest diagnosis.</summary>
public sealed record PeerValue(Guid EnterpriseId, string Ward, string? IndustryCode, string Code, decimal? Value);

/// <summary>Diagnoses, numbered per enterprise.</summary>
public sealed class DiagnosisStore(NpgsqlDataSource dataSource)
{
    private const string Summary =
        "id, enterprise_id, number, ward, industry_code, kind, fiscal_year, rank, pre_sort, assessment_band, total_score, band_table, " +
        "catalogue_version, referral_id, advisor, created_at";

    /// <summary>
    /// Locks the enterprise's diagnoses for this unit (two advisors diagnosing at once get numbers one after the other)
    /// and answers its latest diagnosis, whole, or null for the first.
    /// </summary>
    public static async Task<DiagnosisRecord?> LockLatestAsync(UnitOfWork unit, Guid enterpriseId, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended('diagnosis:' || @enterpriseId::text, 0))", new { enterpriseId }, unit.Transaction,
            cancellationToken: cancellationToken));
        return await unit.Connection.QuerySingleOrDefaultAsync<DiagnosisRecord>(new CommandDefinition(
            $"SELECT {Summary}, result::text AS result FROM diagnoses WHERE enterprise_id = @enterpriseId ORDER BY number DESC LIMIT 1",
            new { enterpriseId }, unit.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The enterprise a diagnosis is of, or null when there is no such diagnosis.</summary>
    public static Task<Guid?> EnterpriseOfAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT enterprise_id FROM diagnoses WHERE id = @id", new { id }, unit.Transaction, cancellationToken: cancellationToken));

    public static void Insert(UnitOfWork unit, DiagnosisRecord d) =>
        unit.Defer(
            """
            INSERT INTO diagnoses (id, enterprise_id, number, ward, industry_code, kind, fiscal_year, rank, pre_sort, assessment_band, total_score,
                                   band_table, catalogue_version, referral_id, advisor, created_at, result)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, CAST($17 AS jsonb))
            """,
            d.Id, d.EnterpriseId, d.Number, d.Ward, d.IndustryCode, d.Kind, d.FiscalYear, d.Rank, d.PreSort, d.AssessmentBand, d.TotalScore,
            d.BandTable, d.CatalogueVersion, d.ReferralId, d.Advisor, d.CreatedAt, d.Result);

    public async Task<DiagnosisRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DiagnosisRecord>(new CommandDefinition(
            $"SELECT {Summary}, result::text AS result FROM diagnoses WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The enterprise's latest diagnosis, whole, or null.</summary>
    public async Task<DiagnosisRecord?> LatestAsync(Guid enterpriseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DiagnosisRecord>(new CommandDefinition(
            $"SELECT {Summary}, result::text AS result FROM diagnoses WHERE enterprise_id = @enterpriseId ORDER BY number DESC LIMIT 1",
            new { enterpriseId }, cancellationToken: cancellationToken));
    }

    /// <summary>An enterprise's diagnoses, newest first, without their answers.</summary>
    public async Task<IReadOnlyList<DiagnosisRecord>> ListAsync(Guid enterpriseId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DiagnosisRecord>(new CommandDefinition(
            $"SELECT {Summary} FROM diagnoses WHERE enterprise_id = @enterpriseId ORDER BY number DESC", new { enterpriseId },
            cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// The indicator values of the latest diagnosis of every other enterprise whose industry code is in
    /// <paramref name="division"/> (its first three characters), with their wards.
    /// </summary>
    public async Task<IReadOnlyList<PeerValue>> PeerValuesAsync(string division, Guid exceptEnterprise, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<PeerValue>(new CommandDefinition(
            """
            WITH latest AS (
                SELECT DISTINCT ON (enterprise_id) enterprise_id, ward, industry_code, result
                FROM diagnoses
                WHERE left(industry_code, 3) = @division AND enterprise_id <> @exceptEnterprise
                ORDER BY enterprise_id, number DESC)
            SELECT l.enterprise_id AS EnterpriseId, l.ward AS Ward, l.industry_code AS IndustryCode, i->>'code' AS Code, (i->>'value')::numeric AS Value
            FROM latest l CROSS JOIN LATERAL jsonb_array_elements(l.result->'indicators') AS i
            """, new { division, exceptEnterprise }, cancellationToken: cancellationToken))];
    }

    /// <summary>The enterprise's diagnoses numbered up to <paramref name="upToNumber"/>, whole, oldest first.</summary>
    public async Task<IReadOnlyList<DiagnosisRecord>> HistoryAsync(Guid enterpriseId, int upToNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<DiagnosisRecord>(new CommandDefinition(
            $"SELECT {Summary}, result::text AS result FROM diagnoses WHERE enterprise_id = @enterpriseId AND number <= @upToNumber ORDER BY number",
            new { enterpriseId, upToNumber }, cancellationToken: cancellationToken))];
    }
}
