using System.Text.RegularExpressions;
using Npgsql;

namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away PostgreSQL 15 on 127.0.0.1, in a container or started locally (<see cref="TestInfrastructure"/>
/// chooses); tests see only its address, credentials and databases. Give each test its own database with
/// <see cref="CreateDatabaseAsync"/>. Disposing stops it and throws its data away.
/// </summary>
public abstract partial class PostgresServer(int port, string username, string? password) : IAsyncDisposable
{
    public string Host => "127.0.0.1";

    public int Port { get; } = port;

    public string Username { get; } = username;

    /// <summary>Null when the server trusts loopback connections (the local servers).</summary>
    public string? Password { get; } = password;

    /// <summary>Starts a new server of the kind <see cref="TestInfrastructure.Kind"/> names.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken ct = default) => TestInfrastructure.StartPostgresAsync(ct);

    /// <summary>Connection string for <paramref name="database"/>, as the services get it.</summary>
    public string ConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = database,
            Username = Username,
            Password = Password,
            IncludeErrorDetail = true,
        };
        return builder.ConnectionString;
    }

    /// <summary>Creates a database (a random unique name when null) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= "test_" + Guid.NewGuid().ToString("N")[..20];
        if (!DatabaseName().IsMatch(name))
            throw new ArgumentException($"Invalid database name '{name}': use lower-case letters, digits and _.", nameof(name));

        var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await using (command.ConfigureAwait(false))
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown) but keeps its data: for outage tests; see <see cref="RestartAsync"/>.</summary>
    public abstract Task StopAsync(CancellationToken ct = default);

    /// <summary>Starts the server again on the same port with the same data.</summary>
    public abstract Task RestartAsync(CancellationToken ct = default);

    /// <summary>Stops the server and deletes its data; may be called again.</summary>
    public abstract ValueTask DisposeAsync();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
