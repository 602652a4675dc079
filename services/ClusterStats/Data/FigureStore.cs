using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Counts;
using SmePlatform.ClusterStats.Domain.Disclosure;
using SmePlatform.ClusterStats.Domain.Register;

namespace SmePlatform.ClusterStats.Data;

/// <summary>
/// The cells every figure is made from: active enterprises by ward and industry section, live from the projection or
/// as a monthly snapshot holds them. Both read a partial or period-led index that covers the grouping.
/// </summary>
public sealed class FigureStore(NpgsqlDataSource dataSource)
{
    private const string Measures =
        """
        ward, industry_section, count(*)::int AS enterprises, coalesce(sum(employees), 0)::bigint AS employment,
        coalesce(sum(annual_revenue), 0) AS revenue, coalesce(max(employees), 0)::bigint AS largest_employment,
        coalesce(max(annual_revenue), 0) AS largest_revenue
        """;

    /// <summary>The cells now (<paramref name="period"/> null) or of the snapshot of <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<FigureCell>> CellsAsync(DateOnly? period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sql = period is null
            ? $"""
              SELECT {Measures} FROM registered_enterprises WHERE ward IS NOT NULL AND left_at IS NULL
              GROUP BY ward, industry_section ORDER BY ward, industry_section
              """
            : $"""
              SELECT {Measures} FROM snapshot_enterprises WHERE period = @period
              GROUP BY ward, industry_section ORDER BY ward, industry_section
              """;
        var rows = await connection.QueryAsync<CellRow>(new CommandDefinition(sql, new { period }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FigureCell(r.Ward, r.IndustrySection,
            new CellContent(r.Enterprises, r.Employment, r.Revenue, r.LargestEmployment, r.LargestRevenue)))];
    }

    /// <summary>The active enterprises behind one live cell, by id (the firm list only the SME Office opens).</summary>
    public async Task<IReadOnlyList<EnterpriseRecord>> EnterprisesAsync(string ward, string section, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EnterpriseRow>(new CommandDefinition(
            $"""
            SELECT {EnterpriseRow.Columns} FROM registered_enterprises
            WHERE ward = @ward AND industry_section = @section AND left_at IS NULL ORDER BY enterprise_id
            """,
            new { ward, section }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    private sealed record CellRow(string Ward, string IndustrySection, int Enterprises, long Employment, decimal Revenue, long LargestEmployment,
        decimal LargestRevenue);
}
