using System.Net;
using System.Text;

namespace SmePlatform.Testing;

/// <summary>
/// A real, throw-away RabbitMQ node with its management API, on 127.0.0.1, in a container or started locally
/// (<see cref="TestInfrastructure"/> chooses); tests see only its ports, credentials and virtual hosts. Disposing stops
/// it and throws its data away.
/// </summary>
public abstract class RabbitMqServer : IAsyncDisposable
{
    private int _disposed;
    private int _virtualHosts;

    protected RabbitMqServer(int port, int managementPort, string username, string password)
    {
        Port = port;
        ManagementPort = managementPort;
        Username = username;
        Password = password;
        Management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}/api/"), Timeout = TimeSpan.FromSeconds(60) };
        Management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    public string Host => "127.0.0.1";

    /// <summary>The AMQP port.</summary>
    public int Port { get; }

    /// <summary>The management plugin's HTTP API (virtual hosts are created through it).</summary>
    public int ManagementPort { get; }

    /// <summary>An administrator: it creates the virtual hosts, and the services and publishers connect as it.</summary>
    public string Username { get; }

    public string Password { get; }

    /// <summary>amqp://USER:PASSWORD@127.0.0.1:PORT/</summary>
    public Uri AmqpUri => new($"amqp://{Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/");

    private HttpClient Management { get; }

    /// <summary>Starts a new node of the kind <see cref="TestInfrastructure.Kind"/> names.</summary>
    public static Task<RabbitMqServer> StartAsync(CancellationToken ct = default) => TestInfrastructure.StartRabbitMqAsync(ct);

    /// <summary>
    /// A new, empty virtual host on this node that <see cref="Username"/> may use fully. Each in-process service under
    /// test gets its own, so that nothing one host leaves behind (a bus still consuming after its host was disposed, a
    /// queue with unread messages) can take or add messages in another test (ADR 0014).
    /// </summary>
    public RabbitMqVirtualHost CreateVirtualHost()
    {
        var name = $"test-{Interlocked.Increment(ref _virtualHosts)}-{Guid.NewGuid():N}";
        var path = Uri.EscapeDataString(name);
        SendToManagement(HttpMethod.Put, $"vhosts/{path}", null);
        SendToManagement(HttpMethod.Put, $"permissions/{path}/{Uri.EscapeDataString(Username)}", """{"configure":".*","write":".*","read":".*"}""");
        return new RabbitMqVirtualHost(this, name);
    }

    /// <summary>Deletes a virtual host: its queues go, and the broker closes every connection still open to it.</summary>
    internal void DeleteVirtualHost(string name)
    {
        if (Volatile.Read(ref _disposed) == 0)
            SendToManagement(HttpMethod.Delete, $"vhosts/{Uri.EscapeDataString(name)}", null);
    }

    /// <summary>Stops the node but keeps its data (queues survive): for outage tests; see <see cref="RestartAsync"/>.</summary>
    public abstract Task StopAsync(CancellationToken ct = default);

    /// <summary>Starts the node again on the same ports with the same data.</summary>
    public abstract Task RestartAsync(CancellationToken ct = default);

    /// <summary>Stops the node and deletes its data; may be called again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Management.Dispose();
        await DisposeNodeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    protected abstract ValueTask DisposeNodeAsync();

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
}
