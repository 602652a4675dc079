using Dapper;
using Npgsql;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ClusterStats.Features.EnterpriseCounts;

public sealed record CountCell(string Ward, string IndustrySection, int Enterprises);

public sealed record WardCount(string Ward, int Enterprises);

public sealed record SectionCount(string IndustrySection, int Enterprises);

public sealed record EnterpriseCounts(int Total, IReadOnlyList<WardCount> ByWard, IReadOnlyList<SectionCount> ByIndustrySection,
    IReadOnlyList<CountCell> Cells);

public static class EnterpriseCountEndpoints
{
    public static IEndpointRouteBuilder MapEnterpriseCountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/stats/enterprise-counts", GetAsync).WithTags("Statistics").WithName("GetEnterpriseCounts")
            .RequireAccess("city-wide aggregate counts (no enterprise is identified)", Roles.Staff.ToArray());
        return routes;
    }

    internal static async Task<EnterpriseCounts> GetAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cells = (await connection.QueryAsync<CountCell>(new CommandDefinition(
            """
            SELECT ward, industry_section, count(*)::int AS enterprises
            FROM registered_enterprises GROUP BY ward, industry_section ORDER BY ward, industry_section
            """,
            cancellationToken: cancellationToken))).AsList();
        return Summarise(cells);
    }

    public static EnterpriseCounts Summarise(IReadOnlyList<CountCell> cells) => new(
        cells.Sum(c => c.Enterprises),
        [.. cells.GroupBy(c => c.Ward).Select(g => new WardCount(g.Key, g.Sum(c => c.Enterprises))).OrderBy(w => w.Ward, StringComparer.Ordinal)],
        [.. cells.GroupBy(c => c.IndustrySection).Select(g => new SectionCount(g.Key, g.Sum(c => c.Enterprises)))
            .OrderBy(s => s.IndustrySection, StringComparer.Ordinal)],
        cells);
}
