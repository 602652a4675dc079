using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Testing;

namespace SmePlatform.Migrations.Tests;

/// <summary>Every service's migrations, against a real PostgreSQL: idempotent, concurrent-safe, tamper-evident.</summary>
public sealed class ServiceMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    public static TheoryData<string> Services => new()
    {
        "SmePlatform.OneStop", "SmePlatform.CreditGuarantee", "SmePlatform.Diagnosis", "SmePlatform.Matching", "SmePlatform.ClusterStats",
    };

    private static IReadOnlyList<MigrationScript> ScriptsOf(string service) =>
        Data.Migrations.ForService(Assembly.Load(service));

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Migrations_run_twice_without_harm(string service)
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var scripts = ScriptsOf(service);

        var first = await Data.Migrations.ApplyAsync(dataSource, scripts, NullLogger.Instance);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // Something the first run created, to see that the second run leaves it alone.
            await connection.ExecuteAsync(
                "INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id) VALUES (gen_random_uuid(), 'test', 'probe', 'probe', '1')");
        }

        var second = await Data.Migrations.ApplyAsync(dataSource, scripts, NullLogger.Instance);

        Assert.Equal(scripts.Count, first.Count);
        Assert.Contains(first, s => s.Module == Data.Migrations.PlatformModule);
        Assert.Empty(second);
        await using var check = await dataSource.OpenConnectionAsync();
        Assert.Equal(scripts.Count, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_history"));
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE action = 'probe'"));
    }

    [Fact]
    public async Task Replicas_starting_together_apply_each_script_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var scripts = ScriptsOf("SmePlatform.OneStop");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => Data.Migrations.ApplyAsync(dataSource, scripts, NullLogger.Instance))));

        Assert.Equal(scripts.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_stops_the_start()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.Server.CreateDatabaseAsync());
        var scripts = ScriptsOf("SmePlatform.ClusterStats");
        await Data.Migrations.ApplyAsync(dataSource, scripts, NullLogger.Instance);

        var edited = scripts.Select(s => s.Module == "service" && s.Version == 1 ? s with { Sql = s.Sql + "\n-- edited" } : s).ToList();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Data.Migrations.ApplyAsync(dataSource, edited, NullLogger.Instance));
        Assert.Contains("was changed after it was applied", error.Message, StringComparison.Ordinal);
    }
}
