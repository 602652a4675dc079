using System.Text;
using Dapper;
using Npgsql;

namespace SmePlatform.OneStop.Data;

/// <summary>What the register filters on when other services list it (smeplatform.onestop.v1.EnterpriseDirectory).</summary>
public sealed record EnterpriseFilter(string? Ward, string? IndustryPrefix);

/// <summary>Reads of the register for other services: by key, and in keyset pages by id.</summary>
public sealed class EnterpriseDirectoryQueries(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, uscc, name, ward, industry_code, employees, annual_revenue, total_assets, currency, registered_at, updated_at";

    public async Task<EnterpriseRecord?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EnterpriseRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>By Unified Social Credit Code, already normalised (upper case, 18 characters).</summary>
    public async Task<EnterpriseRecord?> FindByUsccAsync(string uscc, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<EnterpriseRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM enterprises WHERE uscc = @uscc", new { uscc }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> enterprises with an id after <paramref name="after"/>, in id order (the primary
    /// key's index: each page costs the same however deep it is). The connection is returned before the caller
    /// writes the page out, so a slow reader never holds one.
    /// </summary>
    public async Task<IReadOnlyList<EnterpriseRecord>> ListPageAsync(
        EnterpriseFilter filter, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM enterprises WHERE true");
        if (filter.Ward is not null)
        {
            sql.Append(" AND ward = @ward");
        }

        if (filter.IndustryPrefix is not null)
        {
            // The prefix is validated to a letter and digits, so it holds no LIKE wildcards.
            sql.Append(" AND industry_code LIKE @industryPattern");
        }

        if (after is not null)
        {
            sql.Append(" AND id > @after");
        }

        sql.Append(" ORDER BY id LIMIT @limit");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EnterpriseRecord>(new CommandDefinition(sql.ToString(),
            new { ward = filter.Ward, industryPattern = filter.IndustryPrefix + "%", after, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
