using System.Globalization;
using System.Net;
using System.Text;

namespace SmePlatform.Testing;

/// <summary>
/// A real, private RabbitMQ node (smetest&lt;port&gt;@localhost) on 127.0.0.1 and a free port, its data
/// and logs in its own temp folder, started through infra/local/rabbitmq.sh (the same code as
/// ./sme up). Disposing stops it and deletes the folder.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private const string Script = "rabbitmq.sh";
    private const int StartAttempts = 3;

    // Several test assemblies boot nodes at the same time on 2 cores: be generous.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(150);

    private int _disposed;
    private int _virtualHosts;

    private RabbitMqServer(string baseDirectory, int port, int distributionPort, int managementPort)
    {
        BaseDirectory = baseDirectory;
        Port = port;
        DistributionPort = distributionPort;
        ManagementPort = managementPort;
        NodeName = $"smetest{port}@localhost";
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/api/"), Timeout = TimeSpan.FromSeconds(60) };
        Management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Username}:{Password}")));
    }

    public string Host => "127.0.0.1";

    /// <summary>The AMQP port.</summary>
    public int Port { get; }

    public string Username => "guest";

    public string Password => "guest";

    /// <summary>The Erlang distribution port (what rabbitmqctl talks to).</summary>
    public int DistributionPort { get; }

    /// <summary>The management plugin's HTTP API (virtual hosts are created through it).</summary>
    public int ManagementPort { get; }

    /// <summary>The node name, for <c>rabbitmqctl -n</c>.</summary>
    public string NodeName { get; }

    public string BaseDirectory { get; }

    public string LogFile => Path.Combine(BaseDirectory, "log", NodeName + ".log");

    /// <summary>amqp://guest:guest@127.0.0.1:PORT/</summary>
    public Uri AmqpUri => new($"amqp://{Username}:{Password}@{Host}:{Port}/");

    /// <summary>Starts a new node. Retries on new ports if another process took the chosen ones.</summary>
    public static async Task<RabbitMqServer> StartAsync(CancellationToken ct = default)
    {
        Exception? lastError = null;
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var server = new RabbitMqServer(Infra.CreateTempDirectory("sme-rmq-"), FreePort.Next(), FreePort.Next(), FreePort.Next());
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

        throw new InvalidOperationException($"RabbitMQ did not start after {StartAttempts} attempts.", lastError);
    }

    /// <summary>Stops the node but keeps its data (queues survive): for outage tests; see <see cref="RestartAsync"/>.</summary>
    public Task StopAsync(CancellationToken ct = default) =>
        Infra.RunScriptAsync(Script, BaseDirectory, ["stop", BaseDirectory, NodeName], null, ScriptTimeout, ct);

    /// <summary>Starts the node again on the same ports with the same data.</summary>
    public Task RestartAsync(CancellationToken ct = default) => RunStartScriptAsync(ct);

    /// <summary>
    /// A new, empty virtual host on this node that the guest user may use fully. Each in-process service under test
    /// gets its own, so that nothing one host leaves behind (a bus still consuming after its host was disposed, a
    /// queue with unread messages) can take or add messages in another test.
    /// </summary>
    public RabbitMqVirtualHost CreateVirtualHost()
    {
        var name = $"test-{Interlocked.Increment(ref _virtualHosts)}-{Guid.NewGuid():N}";
        var path = Uri.EscapeDataString(name);
        SendToManagement(HttpMethod.Put, $"vhosts/{path}", null);
        SendToManagement(HttpMethod.Put, $"permissions/{path}/{Username}", """{"configure":".*","write":".*","read":".*"}""");
        return new RabbitMqVirtualHost(this, name);
    }

    /// <summary>Deletes a virtual host: its queues go, and the broker closes every connection still open to it.</summary>
    internal void DeleteVirtualHost(string name)
    {
        if (Volatile.Read(ref _disposed) == 0)
            SendToManagement(HttpMethod.Delete, $"vhosts/{Uri.EscapeDataString(name)}", null);
    }

    // Synchronous on purpose: test factories create their virtual host in a constructor, before the host is built.
    private void SendToManagement(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = Management.Send(request);
        if (!response.IsSuccessStatusCode && !(method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
        {
            throw new InvalidOperationException(
                $"RabbitMQ management API {method} {path} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    private HttpClient Management { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Management.Dispose();
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
