using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using SmePlatform.Data;
using SmePlatform.OneStop.Domain;

namespace SmePlatform.OneStop.Data;

/// <summary>A stored rule set version as the API lists it (the definition itself is <see cref="SizeRuleSetJson"/>).</summary>
public sealed record SizeRuleSetSummary
{
    public string Id { get; init; } = "";

    public int Version { get; init; }

    public string Jurisdiction { get; init; } = "";

    public DateOnly EffectiveFrom { get; init; }

    public DateOnly? EffectiveTo { get; init; }

    public bool IsCurrent { get; init; }

    public DateTimeOffset LoadedAt { get; init; }

    public string LoadedBy { get; init; } = "";
}

/// <summary>The size rule sets stored as data; a loaded version never changes, so parsed sets are cached by id and version.</summary>
public sealed class SizeRuleSetStore(NpgsqlDataSource dataSource)
{
    public const string Jurisdiction = "CN";

    private const string SummaryColumns = "id, version, jurisdiction, effective_from, effective_to, is_current, loaded_at, loaded_by";

    private readonly ConcurrentDictionary<RuleSetRef, SizeRuleSet> parsed = new();

    /// <summary>The current rule set of the jurisdiction, read in the caller's transaction.</summary>
    public async Task<SizeRuleSet> CurrentAsync(UnitOfWork unit, CancellationToken cancellationToken)
    {
        var current = await unit.Connection.QuerySingleOrDefaultAsync<RuleSetRef>(new CommandDefinition(
            "SELECT id, version FROM size_rule_sets WHERE jurisdiction = @Jurisdiction AND is_current",
            new { Jurisdiction }, unit.Transaction, cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException($"No current size rule set for jurisdiction {Jurisdiction}; migration 0002 seeds one.");
        return await GetAsync(unit.Connection, unit.Transaction, current.Id, current.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Size rule set {current.Id} v{current.Version} vanished.");
    }

    /// <summary>One stored version, parsed (cached: a stored version never changes).</summary>
    public async Task<SizeRuleSet?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, int version,
        CancellationToken cancellationToken)
    {
        var key = new RuleSetRef(id, version);
        if (parsed.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT definition::text FROM size_rule_sets WHERE id = @id AND version = @version",
            new { id, version }, transaction, cancellationToken: cancellationToken));
        if (json is null)
        {
            return null;
        }

        var (ruleSet, errors) = SizeRuleSetJson.Deserialize(json);
        if (ruleSet is null)
        {
            throw new InvalidOperationException(
                $"Stored size rule set {id} v{version} is invalid: {string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(' ', e.Value)))}");
        }

        return parsed.GetOrAdd(key, ruleSet);
    }

    public async Task<IReadOnlyList<SizeRuleSetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SizeRuleSetSummary>(new CommandDefinition(
            $"SELECT {SummaryColumns} FROM size_rule_sets WHERE jurisdiction = @Jurisdiction ORDER BY version",
            new { Jurisdiction }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The version's summary and its stored definition (JSON text as stored, the normalised form).</summary>
    public async Task<(SizeRuleSetSummary Summary, string Definition)?> FindByVersionAsync(int version, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var summary = await connection.QuerySingleOrDefaultAsync<SizeRuleSetSummary>(new CommandDefinition(
            $"SELECT {SummaryColumns} FROM size_rule_sets WHERE jurisdiction = @Jurisdiction AND version = @version",
            new { Jurisdiction, version }, cancellationToken: cancellationToken));
        if (summary is null)
        {
            return null;
        }

        var definition = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT definition::text FROM size_rule_sets WHERE id = @Id AND version = @Version", summary, cancellationToken: cancellationToken));
        return (summary, definition!);
    }

    /// <summary>The highest version of the jurisdiction, locked against a concurrent publication until the unit ends.</summary>
    public static async Task<int> LockLatestVersionAsync(UnitOfWork unit, CancellationToken cancellationToken)
    {
        // A transaction-scoped advisory lock: two publications at once are serialised, so both cannot take the same number.
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('size_rule_sets:' || @Jurisdiction))", new { Jurisdiction }, unit.Transaction,
            cancellationToken: cancellationToken));
        return await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT coalesce(max(version), 0) FROM size_rule_sets WHERE jurisdiction = @Jurisdiction", new { Jurisdiction }, unit.Transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Stores the version as the jurisdiction's current one (the previous current one stays, no longer current).</summary>
    public static async Task InsertAsCurrentAsync(UnitOfWork unit, SizeRuleSet ruleSet, string loadedBy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE size_rule_sets SET is_current = false WHERE jurisdiction = @Jurisdiction AND is_current",
            new { Jurisdiction }, unit.Transaction, cancellationToken: cancellationToken));
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO size_rule_sets (id, version, jurisdiction, effective_from, effective_to, is_current, definition, loaded_at, loaded_by)
            VALUES (@Id, @Version, @Jurisdiction, @EffectiveFrom, @EffectiveTo, true, CAST(@definition AS jsonb), @now, @loadedBy)
            """,
            new
            {
                ruleSet.Id, ruleSet.Version, Jurisdiction, ruleSet.EffectiveFrom, ruleSet.EffectiveTo,
                definition = SizeRuleSetJson.Serialize(ruleSet), now, loadedBy,
            },
            unit.Transaction, cancellationToken: cancellationToken));
    }

    private sealed record RuleSetRef(string Id, int Version);
}
