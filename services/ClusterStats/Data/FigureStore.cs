using Dapper;
using Npgsql;
using SmePlatform.ClusterStats.Domain.Counts;

namespace SmePlatform.ClusterStats.Data;

/// <summary>
/// The cells every figure is made from: active enterprises by ward and industry section, live from the projection or
/// as a monthly snapshot holds them. Both read a partial or period-led index that covers the grouping.
/// </summary>
public sealed class FigureStore(NpgsqlDataSource dataSource)
{
    /// <summary>The cells now (<paramref name="period"/> null) or of the snapshot of <paramref name="period"/>.</summary>
    public async Task<IReadOnlyList<CountCell>> CellsAsync(DateOnly? period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sql = period is null
            ? """
              SELECT ward, industry_section, count(*)::int AS enterprises
              FROM registered_enterprises WHERE ward IS NOT NULL AND left_at IS NULL
              GROUP BY ward, industry_section ORDER BY ward, industry_section
              """
            : """
              SELECT ward, industry_section, count(*)::int AS enterprises
              FROM snapshot_enterprises WHERE period = @period
              GROUP BY ward, industry_section ORDER BY ward, industry_section
              """;
        var cells = await connection.QueryAsync<CountCell>(new CommandDefinition(sql, new { period }, cancellationToken: cancellationToken));
        return cells.AsList();
    }
}
