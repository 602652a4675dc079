using System.Globalization;

namespace SmePlatform.Testing;

/// <summary>
/// A real, private RabbitMQ node (smetest&lt;port&gt;@localhost) on 127.0.0.1 and a free port, its data
/// and logs in its own temp folder, started through infra/local/rabbitmq.sh (the same code as
/// ./sme up), with the management plugin; user guest. Disposing stops it and deletes the folder.
/// </summary>
public sealed class LocalRabbitMqServer : RabbitMqServer
{
    private const string Script = "rabbitmq.sh";
    private const int StartAttempts = 3;

    // Several test assemblies boot nodes at the same time on 2 cores: be generous.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(150);

    private LocalRabbitMqServer(string baseDirectory, int port, int distributionPort, int managementPort)
        : base(port, managementPort, "guest", "guest")
    {
        BaseDirectory = baseDirectory;
        DistributionPort = distributionPort;
        NodeName = $"smetest{port}@localhost";
    }

    /// <summary>The Erlang distribution port (what rabbitmqctl talks to).</summary>
    public int DistributionPort { get; }

    /// <summary>The node name, for <c>rabbitmqctl -n</c>.</summary>
    public string NodeName { get; }

    public string BaseDirectory { get; }

    public string LogFile => Path.Combine(BaseDirectory, "log", NodeName + ".log");

    /// <summary>Starts a new node. Retries on new ports if another process took the chosen ones.</summary>
    public static new async Task<LocalRabbitMqServer> StartAsync(CancellationToken ct = default)
    {
        return await Infra.StartWithRetriesAsync("RabbitMQ", StartAttempts, () =>
        {
            var server = new LocalRabbitMqServer(Infra.CreateTempDirectory("sme-rmq-"), FreePort.Next(), FreePort.Next(), FreePort.Next());
            // Guard first: a test host killed while the server boots must not leave it running.
            server.GuardAgainstOrphaning();
            return server;
        }, server => server.RunStartScriptAsync(ct)).ConfigureAwait(false);
    }

    public override Task StopAsync(CancellationToken ct = default) =>
        Infra.RunScriptAsync(Script, BaseDirectory, ["stop", BaseDirectory, NodeName], null, ScriptTimeout, ct);

    public override Task RestartAsync(CancellationToken ct = default) => RunStartScriptAsync(ct);

    protected override async ValueTask DisposeNodeAsync()
    {
        Infra.UnregisterExitAction(this);
        try
        {
            await Infra.RunScriptAsync(Script, BaseDirectory, ["stop", BaseDirectory, NodeName], null, ScriptTimeout, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"SmePlatform.Testing: stopping RabbitMQ {NodeName}: {ex.Message}").ConfigureAwait(false);
        }

        Infra.DeleteDirectoryQuietly(BaseDirectory);
    }

    public override string ToString() => $"RabbitMQ {NodeName} 127.0.0.1:{Port}";

    private Task RunStartScriptAsync(CancellationToken ct) =>
        Infra.RunScriptAsync(
            Script,
            BaseDirectory,
            ["start", BaseDirectory, Port.ToString(), NodeName, DistributionPort.ToString()],
            new Dictionary<string, string>
            {
                ["SME_RABBIT_START_TIMEOUT"] = "120",
                ["MGMT_PORT"] = ManagementPort.ToString(CultureInfo.InvariantCulture),
            },
            ScriptTimeout,
            ct);

    private void GuardAgainstOrphaning()
    {
        var baseDirectory = BaseDirectory;
        var nodeName = NodeName;
        Infra.RegisterExitAction(this, () =>
        {
            Infra.RunScriptQuietly(Script, baseDirectory, "stop", baseDirectory, nodeName);
            Infra.DeleteDirectoryQuietly(baseDirectory);
        });
        Infra.StartWatchdog(
            aliveCheck: $"[ -d {Infra.Quote(baseDirectory)} ]",
            cleanup: $"{Infra.ScriptCommandLine(Script, baseDirectory, "stop", baseDirectory, nodeName)}; rm -rf {Infra.Quote(baseDirectory)}");
    }
}
