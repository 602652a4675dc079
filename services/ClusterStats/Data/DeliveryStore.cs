using System.Text.Json;
using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Delivery;
using SmePlatform.Data;

namespace SmePlatform.ClusterStats.Data;

/// <summary>How programme delivery is grouped: by ward, by the register's industry section, or by the clusters in force.</summary>
public enum DeliveryGrouping
{
    Ward,
    Industry,
    Cluster,
}

/// <summary>
/// The <c>programme_facts</c> the other services' events reported, and the figures read from them by group and for
/// the city, joined with the statistics' own copy of the register for what an event does not carry (ward, industry).
/// </summary>
public sealed class DeliveryStore(NpgsqlDataSource dataSource)
{
    /// <summary>The group of a fact whose enterprise the register does not (yet) place: SDMX's "unknown".</summary>
    public const string Unknown = "_U";

    public static Task AddAsync(UnitOfWork unit, IReadOnlyList<DeliveryFact> facts, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO programme_facts (fact, event_kind, subject_id, enterprise_id, ward, detail, quantity, amount, occurred_at)
            VALUES (@Fact, @EventKind, @SubjectId, @EnterpriseId, @Ward, @Detail, @Quantity, @Amount, @OccurredAt)
            """, facts, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Every fact of [<paramref name="from"/>, <paramref name="until"/>) by group and for the city (<see cref="DeliveryTable.Total"/>).</summary>
    public async Task<(IReadOnlyList<DeliverySource> Sources, IReadOnlyList<EventTraceSource> Events)> ReadAsync(DateTimeOffset from,
        DateTimeOffset until, DeliveryGrouping grouping, IReadOnlyList<ClusterDefinition> clusters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var (group, join) = grouping switch
        {
            DeliveryGrouping.Ward => ("facts.ward", ""),
            DeliveryGrouping.Industry => ("facts.section", ""),
            _ => ("c.id",
                """
                JOIN LATERAL (SELECT c.id FROM jsonb_to_recordset(@clusters::jsonb) AS c(id text, patterns text[], members uuid[])
                              WHERE facts.industry_code LIKE ANY(c.patterns) OR facts.enterprise_id = ANY(c.members)) AS c ON true
                """),
        };
        var definitions = JsonSerializer.Serialize(clusters.Select(c => new
        {
            id = c.ClusterId, patterns = c.IndustryCodes.Select(code => code + "%").ToArray(), members = c.Members.Select(m => m.EnterpriseId).ToArray(),
        }));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { from, until, clusters = definitions };
        var sources = await connection.QueryAsync<DeliverySource>(new CommandDefinition(
            $"""
            WITH facts AS (
                SELECT f.fact, f.event_kind, f.detail, f.subject_id, f.quantity, f.amount, coalesce(f.enterprise_id, s.enterprise_id) AS enterprise_id,
                       coalesce(f.ward, s.ward, r.ward, '{Unknown}') AS ward, coalesce(r.industry_section::text, '{Unknown}') AS section, r.industry_code
                FROM programme_facts f
                LEFT JOIN programme_facts s ON f.enterprise_id IS NULL AND s.fact = '{Facts.ReferralSent}' AND s.subject_id = f.subject_id
                LEFT JOIN registered_enterprises r ON r.enterprise_id = coalesce(f.enterprise_id, s.enterprise_id)
                WHERE f.occurred_at >= @from AND f.occurred_at < @until
            ), grouped AS (
                SELECT {group} AS grp, facts.* FROM facts {join}
                UNION ALL SELECT '{DeliveryTable.Total}', facts.* FROM facts
            ), subjects AS (
                SELECT grp, fact, detail, count(*)::int AS subjects, coalesce(sum(quantity), 0)::bigint AS quantity, coalesce(sum(amount), 0) AS amount
                FROM (SELECT DISTINCT ON (grp, fact, detail, subject_id) * FROM grouped ORDER BY grp, fact, detail, subject_id) once
                GROUP BY 1, 2, 3
            ), enterprises AS (
                SELECT grp, fact, detail, count(*)::int AS enterprises, max(subjects)::bigint AS largest_subjects,
                       coalesce(max(quantity), 0)::bigint AS largest_quantity, coalesce(max(amount), 0) AS largest_amount
                FROM (SELECT grp, fact, detail, enterprise_id, count(DISTINCT subject_id) AS subjects, sum(quantity) AS quantity, sum(amount) AS amount
                      FROM grouped WHERE enterprise_id IS NOT NULL GROUP BY 1, 2, 3, 4) each
                GROUP BY 1, 2, 3
            )
            SELECT grp AS "group", fact, detail, subjects, quantity, amount, coalesce(enterprises, 0) AS enterprises,
                   coalesce(largest_subjects, 0) AS largest_subjects, coalesce(largest_quantity, 0) AS largest_quantity,
                   coalesce(largest_amount, 0) AS largest_amount
            FROM subjects LEFT JOIN enterprises USING (grp, fact, detail)
            ORDER BY 1, 2, 3
            """, parameters, cancellationToken: cancellationToken, commandTimeout: 120));
        var events = await connection.QueryAsync<EventTraceSource>(new CommandDefinition(
            """
            SELECT fact, detail, event_kind, count(*)::int AS events FROM programme_facts
            WHERE occurred_at >= @from AND occurred_at < @until GROUP BY 1, 2, 3
            """, parameters, cancellationToken: cancellationToken, commandTimeout: 120));
        return ([.. sources], [.. events]);
    }
}
