using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>The <c>disclosure_rules</c> versions: the newest applies.</summary>
public sealed class DisclosureRulesStore(NpgsqlDataSource dataSource)
{
    private const string Current =
        "SELECT version, minimum_enterprises, dominance_share FROM disclosure_rules ORDER BY version DESC LIMIT 1";

    public async Task<DisclosureRules> CurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<DisclosureRules>(new CommandDefinition(Current, cancellationToken: cancellationToken));
    }

    /// <summary>The current version, its row locked so that two changes cannot both build on it.</summary>
    public static Task<DisclosureRules> LockCurrentAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleAsync<DisclosureRules>(new CommandDefinition(Current + " FOR UPDATE", transaction: unit.Transaction,
            cancellationToken: cancellationToken));

    public static Task AddAsync(UnitOfWork unit, DisclosureRules rules, DateTimeOffset at, string by, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO disclosure_rules (version, minimum_enterprises, dominance_share, changed_at, changed_by)
            VALUES (@Version, @MinimumEnterprises, @DominanceShare, @at, @by)
            """,
            new { rules.Version, rules.MinimumEnterprises, rules.DominanceShare, at, by }, unit.Transaction, cancellationToken: cancellationToken));
}
