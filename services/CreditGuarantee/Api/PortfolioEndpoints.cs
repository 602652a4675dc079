using System.Globalization;
using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.CreditGuarantee.Api;

/// <summary>
/// The fund's portfolio (docs/guarantee-rules.md "Portfolio"): exposure and leverage used, by bank, ward, industry
/// section and risk grade; defaults, claims paid, recoveries and the net loss rate. City-wide figures for the fund's
/// staff and the SME Office; banks get none (they list their own applications; fund-level leverage and other banks'
/// shares are not theirs to see). Computed by SQL aggregates over this service's own tables, in decimal.
/// </summary>
public static class PortfolioEndpoints
{
    public const string Path = "/api/guarantee/portfolio";

    public static IEndpointRouteBuilder MapPortfolioEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetAsync).WithTags("Portfolio").WithName("GetGuaranteePortfolio")
            .RequireAccess("the fund's whole portfolio: fund staff, the SME Office and administrators", Roles.Examiner, Roles.SmeOffice, Roles.Admin);
        return routes;
    }

    public sealed record Slice(string Key, int Guarantees, decimal Exposure, decimal ShareOfExposure);

    public sealed record PortfolioView(
        DateOnly AsOf,
        string Currency,
        decimal Exposure,
        int Guarantees,
        decimal FundCapital,
        decimal LeverageMultiple,
        decimal GuaranteeCapacity,
        decimal LeverageUsed,
        IReadOnlyList<Slice> ByBank,
        IReadOnlyList<Slice> ByWard,
        IReadOnlyList<Slice> ByIndustrySection,
        IReadOnlyList<Slice> ByRiskGrade,
        int GuaranteesIssued,
        decimal GuaranteesIssuedAmount,
        int Defaults,
        decimal DefaultedGuaranteedAmount,
        decimal ClaimsPaid,
        decimal Recoveries,
        decimal? NetLossRate,
        ConfigurationRef Configuration);

    private sealed record Totals(int Issued, decimal IssuedAmount, int Defaults, decimal DefaultedAmount);

    /// <param name="dataSource">Planned per query (never prepared): a report whose best plan depends on the date asked for.</param>
    internal static async Task<IResult> GetAsync(string? asOf, [FromKeyedServices(DataExtensions.PlannedPerQuery)] NpgsqlDataSource dataSource,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = ServiceClock.Today(clock.GetUtcNow());
        var date = today;
        if (asOf is not null && (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date > today))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"A date (yyyy-MM-dd) not after today ({today:yyyy-MM-dd})."] },
                title: "The portfolio cannot be computed as asked.", type: ProblemDetailsDefaults.TypeBase + "validation");
        }

        // The end of the as-of day in Shenyang. Without a date the figures come from the live rows; with one (today included) from the audit trail.
        DateTimeOffset? until = asOf is null
            ? null
            : new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date.AddDays(1).ToDateTime(TimeOnly.MinValue), ServiceClock.Zone), TimeSpan.Zero);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
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
        var totals = await connection.QuerySingleAsync<Totals>(new CommandDefinition(
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

        var total = slices.Single(s => s.Dimension == "total");
        var capacity = config.Fund.GuaranteeCapacity;
        List<Slice> Of(string dimension) =>
        [
            .. slices.Where(s => s.Dimension == dimension)
                .OrderByDescending(s => s.Exposure).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new Slice(dimension == "grade" && int.TryParse(s.Key, CultureInfo.InvariantCulture, out var g) ? $"grade {g}" : s.Key,
                    s.Guarantees, s.Exposure, total.Exposure == 0 ? 0 : decimal.Round(s.Exposure / total.Exposure, 4))),
        ];

        return TypedResults.Ok(new PortfolioView(
            date, Money.Currency, total.Exposure, total.Guarantees, config.Fund.Capital, config.Fund.LeverageMultiple, capacity,
            LeverageUsed: decimal.Round(total.Exposure / capacity, 4),
            Of("bank"), Of("ward"), Of("section"), Of("grade"),
            totals.Issued, totals.IssuedAmount, totals.Defaults, totals.DefaultedAmount, money.ClaimsPaid, money.Recoveries,
            NetLossRate: totals.IssuedAmount == 0 ? null : decimal.Round((money.ClaimsPaid - money.Recoveries) / totals.IssuedAmount, 6),
            new ConfigurationRef(config.Id, config.Version)));
    }
}
