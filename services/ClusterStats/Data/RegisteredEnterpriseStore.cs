using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>The <c>registered_enterprises</c> projection: one row per enterprise the register announced.</summary>
public sealed class RegisteredEnterpriseStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<CountCell>> CellsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cells = await connection.QueryAsync<CountCell>(new CommandDefinition(
            """
            SELECT ward, industry_section, count(*)::int AS enterprises
            FROM registered_enterprises GROUP BY ward, industry_section ORDER BY ward, industry_section
            """,
            cancellationToken: cancellationToken));
        return cells.AsList();
    }

    /// <summary>Records an enterprise once, however often its event arrives (the primary key holds beside the inbox).</summary>
    public static Task AddAsync(UnitOfWork unit, RegisteredEnterprise enterprise, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO registered_enterprises (enterprise_id, ward, industry_section, registered_at)
            VALUES (@EnterpriseId, @Ward, @IndustrySection, @RegisteredAt)
            ON CONFLICT (enterprise_id) DO NOTHING
            """,
            enterprise, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// One statement per batch: new enterprises are added, ones whose ward or industry section changed in the register
    /// are corrected, the rest are left alone (no dead tuples for unchanged rows). Answers (added, updated).
    /// </summary>
    public async Task<(int Added, int Updated)> UpsertAsync(IReadOnlyList<RegisteredEnterprise> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var outcomes = (await connection.QueryAsync<bool>(new CommandDefinition(
            """
            INSERT INTO registered_enterprises (enterprise_id, ward, industry_section, registered_at)
            SELECT * FROM unnest(@ids, @wards, @sections, @registeredAt)
            ON CONFLICT (enterprise_id) DO UPDATE
                SET ward = EXCLUDED.ward, industry_section = EXCLUDED.industry_section
                WHERE (registered_enterprises.ward, registered_enterprises.industry_section)
                      IS DISTINCT FROM (EXCLUDED.ward, EXCLUDED.industry_section)
            RETURNING xmax = 0 AS inserted
            """,
            new
            {
                ids = batch.Select(e => e.EnterpriseId).ToArray(),
                wards = batch.Select(e => e.Ward).ToArray(),
                sections = batch.Select(e => e.IndustrySection).ToArray(),
                registeredAt = batch.Select(e => e.RegisteredAt.UtcDateTime).ToArray(),
            },
            cancellationToken: cancellationToken))).AsList();
        var added = outcomes.Count(inserted => inserted);
        return (added, outcomes.Count - added);
    }
}
