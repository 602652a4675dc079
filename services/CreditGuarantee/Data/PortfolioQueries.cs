using System.Data;
using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

public sealed record PortfolioTotals(int Issued, decimal IssuedAmount, int Defaults, decimal DefaultedAmount);

/// <summary>The portfolio's raw figures at a date: exposure by dimension ("total", "bank", "ward", "section", "grade"), money and history counts.</summary>
public sealed record PortfolioFigures(
    GuaranteeConfiguration Configuration,
    IReadOnlyList<(string Dimension, string Key, int Guarantees, decimal Exposure)> Slices,
    (decimal ClaimsPaid, decimal Recoveries) Money,
    PortfolioTotals Totals);

/// <summary>
/// The SQL aggregates of the fund's portfolio (docs/guarantee-rules.md "Portfolio"), all read in one repeatable-read
/// snapshot so the figures agree with each other. The data source is planned per query (never prepared): a report
/// whose best plan depends on the date asked for.
/// </summary>
public sealed class PortfolioQueries([FromKeyedServices(DataExtensions.PlannedPerQuery)] NpgsqlDataSource dataSource)
{
    /// <param name="date">The date whose configuration applies.</param>
    /// <param name="until">The end of the as-of day: figures from the audit trail before it; null for the live rows.</param>
    public async Task<PortfolioFigures> ReadAsync(DateOnly date, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var config = await ConfigurationStore.CurrentAsync(connection, transaction, date, cancellationToken);

        // Positions: each application's state and amounts at the date. A past date reads the last audited snapshot of
        // each application before its end: every change of an application is audited in the transaction that makes it.
        var positions = until is null
            ? """
              SELECT a.id, a.bank_id, a.ward, left(a.industry_code, 1) AS section, a.state, a.guaranteed_amount, a.claim_paid, a.recovered,
                     a.decision->>'riskGrade' AS grade
              FROM applications a
              """
            : """
              SELECT a.id, a.bank_id, a.ward, left(a.industry_code, 1) AS section, s.after->>'state' AS state,
                     (s.after->>'guaranteedAmount')::numeric(18,2) AS guaranteed_amount, coalesce((s.after->>'claimPaid')::numeric(18,2), 0) AS claim_paid,
                     coalesce((s.after->>'recovered')::numeric(18,2), 0) AS recovered, a.decision->>'riskGrade' AS grade
              FROM (SELECT DISTINCT ON (entity_id) entity_id, after FROM audit_log
                    WHERE entity_type = 'guarantee_application' AND after IS NOT NULL AND occurred_at < @until
                    ORDER BY entity_id, occurred_at DESC, id DESC) s
              JOIN applications a ON a.id::text = s.entity_id
              """;
        var args = new { until, states = ApplicationStore.ExposureStates };
        var slices = (await connection.QueryAsync<(string Dimension, string Key, int Guarantees, decimal Exposure)>(new CommandDefinition(
            $"""
            WITH p AS ({positions}), e AS (SELECT * FROM p WHERE state = ANY(@states) AND guaranteed_amount IS NOT NULL)
            SELECT 'total', '', count(*)::int, coalesce(sum(guaranteed_amount), 0) FROM e
            UNION ALL SELECT 'bank', bank_id, count(*)::int, sum(guaranteed_amount) FROM e GROUP BY bank_id
            UNION ALL SELECT 'ward', ward, count(*)::int, sum(guaranteed_amount) FROM e GROUP BY ward
            UNION ALL SELECT 'section', section, count(*)::int, sum(guaranteed_amount) FROM e GROUP BY section
            UNION ALL SELECT 'grade', coalesce(grade, 'no balance sheet'), count(*)::int, sum(guaranteed_amount) FROM e GROUP BY coalesce(grade, 'no balance sheet')
            """,
            args, transaction, cancellationToken: cancellationToken))).ToList();
        var money = await connection.QuerySingleAsync<(decimal ClaimsPaid, decimal Recoveries)>(new CommandDefinition(
            $"WITH p AS ({positions}) SELECT coalesce(sum(claim_paid), 0), coalesce(sum(recovered), 0) FROM p",
            args, transaction, cancellationToken: cancellationToken));
        var totals = await connection.QuerySingleAsync<PortfolioTotals>(new CommandDefinition(
            """
            WITH h AS (SELECT application_id, bool_or(to_state = 'issued') AS issued, bool_or(to_state = 'defaulted') AS defaulted
                       FROM application_history
                       WHERE to_state IN ('issued', 'defaulted') AND (@until::timestamptz IS NULL OR occurred_at < @until)
                       GROUP BY application_id)
            SELECT count(*) FILTER (WHERE h.issued)::int AS issued,
                   coalesce(sum(a.guaranteed_amount) FILTER (WHERE h.issued), 0) AS issued_amount,
                   count(*) FILTER (WHERE h.defaulted)::int AS defaults,
                   coalesce(sum(a.guaranteed_amount) FILTER (WHERE h.defaulted), 0) AS defaulted_amount
            FROM h JOIN applications a ON a.id = h.application_id
            """,
            args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new PortfolioFigures(config, slices, money, totals);
    }
}
