using System.Globalization;
using SmePlatform.Testing;

namespace SmePlatform.Platform.Tests;

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

/// <summary>
/// The whole platform as ./sme up runs it: real PostgreSQL and RabbitMQ, every service and the gateway as separate
/// processes from their build output, on free loopback ports. Services can be killed and restarted.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>Name → (project folder, assembly, database). The same table as the sme script's.</summary>
    public static readonly IReadOnlyList<(string Name, string Project, string Assembly, string? Database)> Components =
    [
        ("onestop", "services/OneStop", "SmePlatform.OneStop", "sme_onestop"),
        ("guarantee", "services/CreditGuarantee", "SmePlatform.CreditGuarantee", "sme_guarantee"),
        ("diagnosis", "services/Diagnosis", "SmePlatform.Diagnosis", "sme_diagnosis"),
        ("matching", "services/Matching", "SmePlatform.Matching", "sme_matching"),
        ("stats", "services/ClusterStats", "SmePlatform.ClusterStats", "sme_stats"),
        ("gateway", "gateway/SmePlatform.Gateway", "SmePlatform.Gateway", null),
    ];

    private readonly Dictionary<string, ServiceProcess> processes = [];
    private readonly Dictionary<string, Dictionary<string, string>> environments = [];
    private readonly Dictionary<string, int> ports = [];
    private readonly Dictionary<string, int> grpcPorts = [];
    private PostgresServer? postgres;
    private RabbitMqServer? rabbitMq;

    public PostgresServer Postgres => postgres!;

    public HttpClient Gateway { get; private set; } = null!;

    public string DatabaseOf(string component) =>
        Postgres.ConnectionString(Components.Single(c => c.Name == component).Database!);

    public Uri UrlOf(string component) => new($"http://127.0.0.1:{ports[component]}");

    /// <summary>The component's gRPC port (HTTP/2 only, h2c): a service's own services, or the gateway's public ones.</summary>
    public Uri GrpcUrlOf(string component) => new($"http://127.0.0.1:{grpcPorts[component]}");

    public async Task InitializeAsync()
    {
        var startingPostgres = PostgresServer.StartAsync();
        var startingRabbit = RabbitMqServer.StartAsync();
        postgres = await startingPostgres;
        rabbitMq = await startingRabbit;

        foreach (var (name, _, _, database) in Components)
        {
            ports[name] = FreePort.Next();
            grpcPorts[name] = FreePort.Next();
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = UrlOf(name).ToString(),
                ["RabbitMq__Host"] = rabbitMq.Host,
                ["RabbitMq__Port"] = rabbitMq.Port.ToString(CultureInfo.InvariantCulture),
                // Small batches make the relay take many transactions, so a crash lands between them.
                ["Outbox__BatchSize"] = "5",
            };
            environment[database is null ? "Gateway__GrpcUrl" : "Grpc__Url"] = GrpcUrlOf(name).ToString();
            if (database is not null)
            {
                await postgres.CreateDatabaseAsync(database);
                environment["ConnectionStrings__Database"] = postgres.ConnectionString(database);
            }

            environments[name] = environment;
        }

        foreach (var (name, _, _, _) in Components.Where(c => c.Database is null))
        {
            foreach (var (service, _, _, _) in Components.Where(c => c.Database is not null))
            {
                environments[name][$"Services__{service}__Url"] = UrlOf(service).ToString();
            }
        }

        // As ./sme does: every component knows every service's gRPC port (service-to-service calls, gateway routes).
        foreach (var (name, _, _, _) in Components)
        {
            foreach (var (service, _, _, _) in Components.Where(c => c.Database is not null))
            {
                environments[name][$"Services__{service}__GrpcUrl"] = GrpcUrlOf(service).ToString();
            }
        }

        // Services start in parallel (2 cores: this is the slow part); the gateway once they are up.
        await Task.WhenAll(Components.Where(c => c.Database is not null).Select(c => StartAsync(c.Name)));
        await StartAsync("gateway");
        Gateway = new HttpClient { BaseAddress = UrlOf("gateway"), Timeout = TimeSpan.FromSeconds(30) };
        await Poll.UntilAsync(async () => (await Gateway.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(120), "the gateway to report every service ready");
    }

    public async Task StartAsync(string name)
    {
        var component = Components.Single(c => c.Name == name);
        processes[name] = await ServiceProcess.StartAsync(name, RepoPaths.ServiceDll(component.Project, component.Assembly),
            environments[name], new Uri(UrlOf(name), "/health/live").ToString(), TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no graceful shutdown, no flushing; a crash.</summary>
    public void Kill(string name) => processes[name].Kill();

    public Task StopAsync(string name) => processes[name].StopAsync();

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        foreach (var process in processes.Values)
        {
            await process.DisposeAsync();
        }

        if (rabbitMq is not null)
        {
            await rabbitMq.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
