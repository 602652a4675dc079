using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.Testing;

namespace SmePlatform.CreditGuarantee.Tests.Api;

/// <summary>
/// Screening's exposure sums run on every submission as an auto-prepared statement, which PostgreSQL plans generically
/// (without the parameters' values) after five executions. That plan must still find the few approved and live
/// guarantees through an index, not read every application (docs/performance.md).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ScreeningPlanTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task The_generic_plan_of_the_exposure_sums_does_not_read_every_application()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infra.Postgres.CreateDatabaseAsync());
        await global::SmePlatform.Data.Migrations.ApplyAsync(dataSource,
            global::SmePlatform.Data.Migrations.ForService(typeof(ApplicationStore).Assembly), NullLogger.Instance);
        await using var connection = await dataSource.OpenConnectionAsync();
        // A portfolio of 5,000 applications under examination or declined, and three live guarantees of 100,000 each.
        await connection.ExecuteAsync(
            """
            INSERT INTO applications (id, bank_id, bank_application_key, enterprise_id, uscc, enterprise_name, ward, industry_code,
                loan_amount, term_months, purpose, programme, instalment_type, instalments, requested_coverage, state, guaranteed_amount,
                configuration_id, configuration_version, submitted_at, updated_at)
            SELECT gen_random_uuid(), 'ccb-shenyang', 'K-' || n, gen_random_uuid(), 'USCC' || n, 'Enterprise ' || n, 'heping', 'C3511',
                500000, 24, 'working_capital', 'standard', 'equal_instalments', 24, 0.8,
                CASE WHEN n <= 3 THEN 'issued' WHEN n % 2 = 0 THEN 'under_examination' ELSE 'declined' END,
                CASE WHEN n <= 3 THEN 100000 END,
                'preset', 1, now(), now()
            FROM generate_series(1, 5000) AS n;
            ANALYZE applications;
            """);

        await connection.ExecuteAsync($"PREPARE sums(uuid, uuid, text, text, text) AS {ApplicationStore.ScreeningSumsSql}");
        await connection.ExecuteAsync("SET plan_cache_mode = force_generic_plan");
        var arguments = $"('{Guid.NewGuid()}', '{Guid.NewGuid()}', 'ccb-shenyang', 'C', 'heping')";
        var plan = string.Join('\n', await connection.QueryAsync<string>($"EXPLAIN EXECUTE sums{arguments}"));
        var (inDefault, fund, _, bank, _, ward) = await connection.QuerySingleAsync<(bool, decimal, decimal, decimal, decimal, decimal)>(
            $"EXECUTE sums{arguments}");
        Assert.DoesNotContain("Seq Scan on applications", plan, StringComparison.Ordinal);
        Assert.Contains("applications_queue", plan, StringComparison.Ordinal);
        // The same statement still sums exactly the live guarantees.
        Assert.False(inDefault);
        Assert.Equal(300_000m, fund);
        Assert.Equal(300_000m, bank);
        Assert.Equal(300_000m, ward);
    }
}
