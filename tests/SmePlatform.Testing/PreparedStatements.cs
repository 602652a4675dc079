using Npgsql;

namespace SmePlatform.Testing;

/// <summary>
/// What a data source's connection did: for tests that a statement is planned per query (never prepared), so that
/// PostgreSQL cannot switch it to a generic plan after five executions.
/// </summary>
public static class PreparedStatements
{
    /// <summary>
    /// Opens a connection of <paramref name="source"/> (after one-at-a-time use, the pool's one connection) and says whether
    /// it is the backend whose last statement was like <paramref name="lastStatementLike"/> (so it is the connection the
    /// statements under test ran on) and how many prepared statements like <paramref name="preparedLike"/> it holds.
    /// </summary>
    public static async Task<(bool RanTheStatement, int Prepared)> InspectAsync(
        string connectionString, NpgsqlDataSource source, string lastStatementLike, string preparedLike)
    {
        var ranLast = new HashSet<int>();
        await using (var observer = new NpgsqlConnection(connectionString))
        {
            await observer.OpenAsync().ConfigureAwait(false);
            await using var query = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE $1", observer)
            {
                Parameters = { new() { Value = lastStatementLike } },
            };
            await using var reader = await query.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                ranLast.Add(reader.GetInt32(0));
            }
        }

        await using var connection = await source.OpenConnectionAsync().ConfigureAwait(false);
        await using var probe = new NpgsqlCommand(
            "SELECT pg_backend_pid(), (SELECT count(*)::int FROM pg_prepared_statements WHERE statement LIKE $1)", connection)
        {
            Parameters = { new() { Value = preparedLike } },
        };
        await using var result = await probe.ExecuteReaderAsync().ConfigureAwait(false);
        await result.ReadAsync().ConfigureAwait(false);
        return (ranLast.Contains(result.GetInt32(0)), result.GetInt32(1));
    }
}
