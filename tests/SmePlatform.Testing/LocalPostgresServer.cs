namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away PostgreSQL cluster on 127.0.0.1 and a free port, in its own temp folder,
/// started through infra/local/postgres.sh (the same code as ./sme up) with SME_PG_FAST=1
/// (fsync off), trusting loopback connections as user postgres. Disposing stops it and deletes the folder.
/// </summary>
public sealed class LocalPostgresServer : PostgresServer
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

    private LocalPostgresServer(string baseDirectory, int port)
        : base(port, "postgres", password: null)
    {
        BaseDirectory = baseDirectory;
    }

    /// <summary>The temp folder holding data/ and postgres.log.</summary>
    public string BaseDirectory { get; }

    public string DataDirectory => Path.Combine(BaseDirectory, "data");

    public string LogFile => Path.Combine(BaseDirectory, "postgres.log");

    /// <summary>Starts a new cluster. Retries on a new port if another process took the chosen one.</summary>
    public static new async Task<LocalPostgresServer> StartAsync(CancellationToken ct = default)
    {
        return await Infra.StartWithRetriesAsync("PostgreSQL", StartAttempts, () =>
        {
            var server = new LocalPostgresServer(Infra.CreateTempDirectory("sme-pg-"), FreePort.Next());
            // Guard first: a test host killed while the server boots must not leave it running.
            server.GuardAgainstOrphaning();
            return server;
        }, server => server.RunStartScriptAsync(ct)).ConfigureAwait(false);
    }

    public override Task StopAsync(CancellationToken ct = default) =>
        Infra.RunScriptAsync(Script, BaseDirectory, ["stop", DataDirectory], null, ScriptTimeout, ct);

    public override Task RestartAsync(CancellationToken ct = default) => RunStartScriptAsync(ct);

    public override async ValueTask DisposeAsync()
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
}
