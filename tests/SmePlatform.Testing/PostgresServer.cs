using System.Text.RegularExpressions;
using Npgsql;

namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away PostgreSQL cluster on 127.0.0.1 and a free port, in its own temp folder,
/// started through infra/local/postgres.sh (the same code as ./sme up) with SME_PG_FAST=1
/// (fsync off). Disposing stops it and deletes the folder.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string Script = "postgres.sh";
    private const int StartAttempts = 3;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(150);

    private static readonly Dictionary<string, string> StartEnvironment = new()
    {
        ["SME_PG_FAST"] = "1",
        ["SME_PG_START_TIMEOUT"] = "120",
    };

    private int _disposed;

    private PostgresServer(string baseDirectory, int port)
    {
        BaseDirectory = baseDirectory;
        Port = port;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The temp folder holding data/ and postgres.log.</summary>
    public string BaseDirectory { get; }

    public string DataDirectory => Path.Combine(BaseDirectory, "data");

    public string LogFile => Path.Combine(BaseDirectory, "postgres.log");

    /// <summary>Starts a new cluster. Retries on a new port if another process took the chosen one.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        Exception? lastError = null;
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var server = new PostgresServer(Infra.CreateTempDirectory("sme-pg-"), FreePort.Next());
            // Guard first: a test host killed while the server boots must not leave it running.
            server.GuardAgainstOrphaning();
            try
            {
                await server.RunStartScriptAsync(ct).ConfigureAwait(false);
                return server;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                lastError = ex;
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start after {StartAttempts} attempts.", lastError);
    }

    /// <summary>
    /// Connection string for <paramref name="database"/> as the services get it in ./sme up
    /// (trust authentication on loopback, user postgres).
    /// </summary>
    public string ConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = database,
            Username = "postgres",
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
    public Task StopAsync(CancellationToken ct = default) =>
        Infra.RunScriptAsync(Script, BaseDirectory, ["stop", DataDirectory], null, ScriptTimeout, ct);

    /// <summary>Starts the server again on the same port with the same data.</summary>
    public Task RestartAsync(CancellationToken ct = default) => RunStartScriptAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Infra.UnregisterExitAction(this);
        try
        {
            await Infra.RunScriptAsync(Script, BaseDirectory, ["stop", DataDirectory], null, ScriptTimeout, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"SmePlatform.Testing: stopping PostgreSQL on port {Port}: {ex.Message}").ConfigureAwait(false);
        }

        Infra.DeleteDirectoryQuietly(BaseDirectory);
    }

    public override string ToString() => $"PostgreSQL 127.0.0.1:{Port} ({DataDirectory})";

    private Task RunStartScriptAsync(CancellationToken ct) =>
        Infra.RunScriptAsync(Script, BaseDirectory, ["start", DataDirectory, Port.ToString(), LogFile], StartEnvironment, ScriptTimeout, ct);

    private void GuardAgainstOrphaning()
    {
        var dataDirectory = DataDirectory;
        var baseDirectory = BaseDirectory;
        Infra.RegisterExitAction(this, () =>
        {
            Infra.RunScriptQuietly(Script, baseDirectory, "stop", dataDirectory);
            Infra.DeleteDirectoryQuietly(baseDirectory);
        });
        Infra.StartWatchdog(
            aliveCheck: $"[ -d {Infra.Quote(baseDirectory)} ]",
            cleanup: $"{Infra.ScriptCommandLine(Script, baseDirectory, "stop", dataDirectory)}; rm -rf {Infra.Quote(baseDirectory)}");
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
