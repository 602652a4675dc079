using Dapper;
using Npgsql;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Data;

public sealed record ConfigurationVersionRow(string Id, int Version, DateOnly EffectiveFrom, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>
/// The SQL of the fund's configuration versions: reading the one in force, the list and a stored document; publishing
/// the next one in the caller's unit of work (which has taken the exposure lock first).
/// </summary>
public sealed class ConfigurationVersions(NpgsqlDataSource dataSource)
{
    /// <summary>The configuration in force on the day and the latest stored version number.</summary>
    public async Task<(GuaranteeConfiguration Current, int Latest)> CurrentAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var current = await ConfigurationStore.CurrentAsync(connection, null, today, cancellationToken);
        return (current, await LatestVersionAsync(connection, null, cancellationToken));
    }

    public async Task<IReadOnlyList<ConfigurationVersionRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Id, int Version, string EffectiveFrom, DateTimeOffset CreatedAt, string CreatedBy)>(new CommandDefinition(
            "SELECT configuration_id, version, effective_from::text, created_at, created_by FROM configuration_versions ORDER BY version",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ConfigurationVersionRow(r.Id, r.Version, ConfigurationStore.ParseDate(r.EffectiveFrom), r.CreatedAt, r.CreatedBy))];
    }

    /// <summary>The stored document of a version as published (JSON), or null when there is no such version.</summary>
    public async Task<string?> DocumentAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT document::text FROM configuration_versions WHERE version = @version", new { version }, cancellationToken: cancellationToken));
    }

    public Task<int> LatestVersionAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        LatestVersionAsync(unit.Connection, unit.Transaction, cancellationToken);

    public Task<GuaranteeConfiguration> CurrentAsync(UnitOfWork unit, DateOnly today, CancellationToken cancellationToken) =>
        ConfigurationStore.CurrentAsync(unit.Connection, unit.Transaction, today, cancellationToken);

    public async Task<DateOnly> EffectiveFromAsync(UnitOfWork unit, int version, CancellationToken cancellationToken) =>
        ConfigurationStore.ParseDate(await unit.Connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT effective_from::text FROM configuration_versions WHERE version = @version", new { version }, unit.Transaction,
            cancellationToken: cancellationToken)));

    public Task InsertAsync(UnitOfWork unit, GuaranteeConfiguration configuration, string author, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO configuration_versions (configuration_id, version, effective_from, document, created_by)
            VALUES (@id, @version, CAST(@effectiveFrom AS date), CAST(@document AS jsonb), @author)
            """,
            new
            {
                id = configuration.Id, version = configuration.Version, effectiveFrom = ConfigurationStore.Iso(configuration.EffectiveFrom),
                document = ConfigurationStore.Serialize(configuration), author,
            },
            unit.Transaction, cancellationToken: cancellationToken));

    private static async Task<int> LatestVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT max(version) FROM configuration_versions", transaction: transaction,
            cancellationToken: cancellationToken)) ?? 0;
}
