using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SmePlatform.Data;

/// <summary>One versioned SQL script: "0003_add_cases.sql" is version 3 of its module.</summary>
public sealed record MigrationScript(string Module, int Version, string Name, string Sql)
{
    /// <summary>Computed from the text on each use, so a copy made with <c>with</c> never carries a stale checksum.</summary>
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

/// <summary>
/// Plain versioned SQL migrations (ADR 0019: why ours and not DbUp or FluentMigrator). Scripts are embedded
/// resources named NNNN_name.sql; each runs in its own transaction and is recorded in schema_history. A
/// session-level advisory lock makes concurrent starts of several replicas apply each script exactly once.
/// An applied script whose text changed stops the start: history is never rewritten silently.
/// </summary>
public static partial class Migrations
{
    /// <summary>"SME" in ASCII: one lock per database, and every service has its own database.</summary>
    private const long AdvisoryLockKey = 0x534D45_0001;

    public const string PlatformModule = "platform";

    public static IReadOnlyList<MigrationScript> FromAssembly(Assembly assembly, string module)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(module, int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value, reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Module {module} has two migrations numbered {duplicate.Key}.");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    /// <summary>The platform tables (outbox, inbox, audit) followed by the service's own scripts.</summary>
    public static IReadOnlyList<MigrationScript> ForService(Assembly serviceAssembly) =>
        [.. FromAssembly(typeof(Migrations).Assembly, PlatformModule), .. FromAssembly(serviceAssembly, "service")];

    /// <summary>Applies what is missing; returns the scripts applied now.</summary>
    public static async Task<IReadOnlyList<MigrationScript>> ApplyAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<MigrationScript> scripts, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_history (
                    module     text        NOT NULL,
                    version    integer     NOT NULL,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (module, version))
                """, cancellationToken);

            var applied = new Dictionary<(string, int), string>();
            await using (var read = new NpgsqlCommand("SELECT module, version, checksum FROM schema_history", connection))
            await using (var rows = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await rows.ReadAsync(cancellationToken))
                {
                    applied[(rows.GetString(0), rows.GetInt32(1))] = rows.GetString(2);
                }
            }

            var appliedNow = new List<MigrationScript>();
            foreach (var script in scripts)
            {
                if (applied.TryGetValue((script.Module, script.Version), out var checksum))
                {
                    if (checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {script.Module}/{script.Version:0000}_{script.Name} was changed after it was applied. " +
                            "Add a new migration instead of editing an applied one.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // No client timeout: an index built over a large table (OneStop 0009: ~25 s at 1,000,000 enterprises) must
                // not be cancelled at the connection's 30 s default, which would stop the service from starting at all.
                await using (var apply = new NpgsqlCommand(script.Sql, connection, transaction) { CommandTimeout = 0 })
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_history (module, version, name, checksum) VALUES ($1, $2, $3, $4)", connection, transaction))
                {
                    record.Parameters.Add(new() { Value = script.Module });
                    record.Parameters.Add(new() { Value = script.Version });
                    record.Parameters.Add(new() { Value = script.Name });
                    record.Parameters.Add(new() { Value = script.Checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Module}/{Version:0000}_{Name}", script.Module, script.Version, script.Name);
                appliedNow.Add(script);
            }

            return appliedNow;
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"Migrations\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
