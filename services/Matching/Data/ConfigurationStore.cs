using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.Matching.Domain.Configuration;

namespace SmePlatform.Matching.Data;

/// <summary>The versioned matching configuration: the newest row applies; the preset is version 1, seeded at start.</summary>
public sealed class ConfigurationStore(NpgsqlDataSource dataSource)
{
    public async Task<MatchingConfiguration> CurrentAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var body = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT body::text FROM matching_configuration ORDER BY version DESC LIMIT 1", cancellationToken: ct));
        return body is null ? MatchingConfiguration.Preset : DocumentJson.Read<MatchingConfiguration>(body);
    }

    /// <summary>Stores <paramref name="configuration"/> as the next version (its Version must be the current one plus one).</summary>
    public static void Add(UnitOfWork unit, MatchingConfiguration configuration, string createdBy) =>
        unit.Defer("INSERT INTO matching_configuration (version, body, created_by) VALUES ($1, CAST($2 AS jsonb), $3)",
            configuration.Version, DocumentJson.Write(configuration), createdBy);

    public async Task SeedPresetAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO matching_configuration (version, body, created_by) VALUES (1, CAST(@body AS jsonb), 'preset') ON CONFLICT DO NOTHING",
            new { body = DocumentJson.Write(MatchingConfiguration.Preset) }, cancellationToken: ct));
    }
}

/// <summary>Seeds the preset configuration once the migrations have run (the host's start phase).</summary>
internal sealed class PresetSeed(ConfigurationStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.SeedPresetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
