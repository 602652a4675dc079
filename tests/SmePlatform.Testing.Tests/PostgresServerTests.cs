using Npgsql;

namespace SmePlatform.Testing.Tests;

public sealed class PostgresServerTests
{
    // These start a server of the kind SME_TEST_INFRA asks for (TestInfrastructure), except where the name says local.
    [Fact]
    public async Task Starts_a_real_PostgreSQL_15_and_creates_databases()
    {
        await using var server = await PostgresServer.StartAsync();

        var connectionString = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Contains("PostgreSQL 15", await ScalarAsync<string>(connection, "SELECT version()"));
        Assert.Equal(database, await ScalarAsync<string>(connection, "SELECT current_database()"));
        Assert.Equal("off", await ScalarAsync<string>(connection, "SHOW fsync"));
        Assert.Equal("200", await ScalarAsync<string>(connection, "SHOW max_connections"));
        await ScalarAsync<object>(connection, "CREATE EXTENSION IF NOT EXISTS pg_trgm");
    }

    [Fact]
    public async Task Named_databases_are_separate_and_names_are_checked()
    {
        await using var server = await PostgresServer.StartAsync();

        var first = await server.CreateDatabaseAsync("sme_first");
        var second = await server.CreateDatabaseAsync("sme_second");
        await ExecuteAsync(first, "CREATE TABLE enterprise (id int primary key)");

        await using var connection = new NpgsqlConnection(second);
        await connection.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<long>(connection, "SELECT count(*) FROM enterprise"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("Robert'); DROP TABLE students;--"));
    }

    [Fact]
    public async Task Stop_and_restart_keep_the_data()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await ExecuteAsync(connectionString, "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");

        await server.StopAsync();
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));

        await server.RestartAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal("kept", await ScalarAsync<string>(connection, "SELECT text FROM note"));
    }

    [LocalServersFact]
    public async Task A_local_server_listens_on_loopback_only_and_dispose_removes_its_folder_and_can_be_repeated()
    {
        var server = await LocalPostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync();
        Assert.True(Directory.Exists(server.DataDirectory));
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal("127.0.0.1", await ScalarAsync<string>(connection, "SHOW listen_addresses"));
        }

        await server.DisposeAsync();

        Assert.False(Directory.Exists(server.BaseDirectory));
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAsync<NpgsqlException>(() => ExecuteAsync(connectionString, "SELECT 1"));
        await server.DisposeAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
