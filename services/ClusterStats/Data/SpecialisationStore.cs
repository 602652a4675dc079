using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Clusters;
using SmePlatform.ClusterStats.Domain.Disclosure;

namespace SmePlatform.ClusterStats.Data;

/// <summary>What one cell of a specialisation table holds: its contributors summarised, and Σ employment² for the HHI.</summary>
public sealed record SpecialisationSource(string Ward, string Code, CellContent Content, decimal EmploymentSquares);

/// <summary>
/// The cells of the location quotients: active enterprises by ward and industry code at a level, or by ward and
/// membership of one cluster version, live or as a monthly snapshot holds them.
/// </summary>
public sealed class SpecialisationStore(NpgsqlDataSource dataSource)
{
    /// <summary>The column an enterprise outside the cluster is counted in (the cluster tables' second column).</summary>
    public const string Outside = "outside";

    private const string Measures =
        """
        count(*)::int AS enterprises, coalesce(sum(employees), 0)::bigint AS employment, coalesce(sum(annual_revenue), 0) AS revenue,
        coalesce(max(employees), 0)::bigint AS largest_employment, coalesce(max(annual_revenue), 0) AS largest_revenue,
        coalesce(sum(employees::numeric * employees), 0) AS employment_squares
        """;

    /// <summary>Wards × codes cut to <paramref name="level"/> (an enterprise classified more coarsely keeps its code).</summary>
    public Task<IReadOnlyList<SpecialisationSource>> ByIndustryAsync(DateOnly? period, IndustryLevel level, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT ward, left(industry_code, @length) AS code, {Measures} FROM {From(period)} GROUP BY 1, 2 ORDER BY 1, 2",
            new { period, length = (int)level }, cancellationToken);

    /// <summary>Wards × {the cluster's id, <see cref="Outside"/>}: members by industry code or by name.</summary>
    public Task<IReadOnlyList<SpecialisationSource>> ByClusterAsync(DateOnly? period, ClusterDefinition cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return QueryAsync(
            $"""
            SELECT ward, CASE WHEN industry_code LIKE ANY(@patterns) OR enterprise_id = ANY(@members) THEN @id ELSE '{Outside}' END AS code, {Measures}
            FROM {From(period)} GROUP BY 1, 2 ORDER BY 1, 2
            """,
            new
            {
                period, id = cluster.ClusterId, patterns = cluster.IndustryCodes.Select(c => c + "%").ToArray(),
                members = cluster.Members.Select(m => m.EnterpriseId).ToArray(),
            }, cancellationToken);
    }

    private static string From(DateOnly? period) => period is null
        ? "registered_enterprises WHERE ward IS NOT NULL AND left_at IS NULL"
        : "snapshot_enterprises WHERE period = @period";

    private async Task<IReadOnlyList<SpecialisationSource>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken, commandTimeout: 120));
        return [.. rows.Select(r => new SpecialisationSource(r.Ward, r.Code,
            new CellContent(r.Enterprises, r.Employment, r.Revenue, r.LargestEmployment, r.LargestRevenue), r.EmploymentSquares))];
    }

    private sealed record Row(string Ward, string Code, int Enterprises, long Employment, decimal Revenue, long LargestEmployment,
        decimal LargestRevenue, decimal EmploymentSquares);
}
