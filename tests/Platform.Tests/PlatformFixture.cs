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
/// processes from their build output, on free loopback ports. Services can be killed and restarted. With the portal
/// (<see cref="PlatformFixture(bool)"/>), the staff portal too, behind the gateway at "/" as under ./sme up.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    private readonly bool withPortal;

    public PlatformFixture()
        : this(withPortal: false)
    {
    }

    /// <summary>The platform, and the staff portal behind the gateway when <paramref name="withPortal"/> (the browser tests).</summary>
    protected PlatformFixture(bool withPortal) => this.withPortal = withPortal;

    /// <summary>The portal's process: the same table entry as the sme script's.</summary>
    public static readonly (string Name, string Project, string Assembly) Portal = ("portal", "services/Portal", "SmePlatform.Portal");

    /// <summary>Where people open the portal: the gateway's own address.</summary>
    public Uri PortalUrl => GatewayUrl;

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
    private readonly int gatewayManagementPort = FreePort.Next();
    private PostgresServer? postgres;
    private OtlpReceiver? otlp;
    private RabbitMqServer? rabbitMq;

    public PostgresServer Postgres => postgres!;

    /// <summary>The one broker every component uses (the resilience experiments stop and restart it).</summary>
    public RabbitMqServer RabbitMq => rabbitMq!;

    /// <summary>Where every process of the platform exports its spans (real OTLP exporter, http/protobuf).</summary>
    public OtlpReceiver Telemetry => otlp!;

    private readonly Dictionary<string, (string Token, DateTime IssuedAt)> tokens = [];
    private readonly Dictionary<string, HttpClient> clients = [];
    private readonly SemaphoreSlim signIn = new(1, 1);
    private readonly string keyFolder = Directory.CreateTempSubdirectory("sme-identity-").FullName;

    /// <summary>The gateway as the demo administrator sees it (who may register in any ward).</summary>
    public HttpClient Gateway => clients["admin"];

    /// <summary>The gateway with no token at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public Uri GatewayUrl => UrlOf("gateway");

    /// <summary>The gateway as one of the demo identities (README), signed in through the real token endpoint.</summary>
    public HttpClient As(string identity) => clients[identity];

    /// <summary>A current access token for a demo identity, from POST /connect/token; renewed when half its life is gone.</summary>
    public async Task<string> TokenFor(string identity)
    {
        await signIn.WaitAsync();
        try
        {
            if (tokens.TryGetValue(identity, out var cached) && DateTime.UtcNow - cached.IssuedAt < TimeSpan.FromMinutes(5))
            {
                return cached.Token;
            }

            var demo = DemoIdentities.Named(identity);
            var form = demo.IsBank
                ? new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = identity, ["client_secret"] = "demo-secret" }
                : new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = identity, ["password"] = "demo" };
            using var response = await Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(form));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{identity} could not sign in: {(int)response.StatusCode} {body}");
            }

            var token = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
            tokens[identity] = (token, DateTime.UtcNow);
            if (clients.TryGetValue(identity, out var client))
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return token;
        }
        finally
        {
            signIn.Release();
        }
    }

    public string DatabaseOf(string component) =>
        Postgres.ConnectionString(Components.Single(c => c.Name == component).Database!);

    public Uri UrlOf(string component) => new($"http://127.0.0.1:{ports[component]}");

    /// <summary>The component's gRPC port (HTTP/2 only, h2c): a service's own services, or the gateway's public ones.</summary>
    public Uri GrpcUrlOf(string component) => new($"http://127.0.0.1:{grpcPorts[component]}");

    /// <summary>The gateway's management port: its /metrics, never reachable through its public port (ADR 0016).</summary>
    public Uri ManagementUrlOf(string component) => component == "gateway"
        ? new($"http://127.0.0.1:{gatewayManagementPort}")
        : throw new ArgumentException($"{component} has no management port: it serves /metrics on its own.", nameof(component));

    public virtual async Task InitializeAsync()
    {
        var startingPostgres = PostgresServer.StartAsync();
        var startingRabbit = RabbitMqServer.StartAsync();
        postgres = await startingPostgres;
        rabbitMq = await startingRabbit;
        otlp = await OtlpReceiver.StartAsync();

        foreach (var (name, _, _, _) in Components)
        {
            ports[name] = FreePort.Next();
            grpcPorts[name] = FreePort.Next();
        }

        if (withPortal)
        {
            ports[Portal.Name] = FreePort.Next();
        }

        foreach (var (name, _, _, database) in Components)
        {
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = UrlOf(name).ToString(),
                ["RabbitMq__Host"] = rabbitMq.Host,
                ["RabbitMq__Port"] = rabbitMq.Port.ToString(CultureInfo.InvariantCulture),
                ["RabbitMq__Username"] = rabbitMq.Username,
                ["RabbitMq__Password"] = rabbitMq.Password,
                // Small batches make the relay take many transactions, so a crash lands between them.
                ["Outbox__BatchSize"] = "5",
                // A broker outage shows in readiness after 2 s instead of 10, so the experiments stay short.
                ["Messaging__Readiness__GraceSeconds"] = "2",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                // Everyone trusts the gateway's local identity provider, as under ./sme up.
                ["Auth__Authority"] = UrlOf("gateway").ToString().TrimEnd('/'),
            };
            if (database is null)
            {
                environment["Identity__Issuer"] = UrlOf("gateway").ToString().TrimEnd('/');
                environment["Identity__KeyPath"] = Path.Combine(keyFolder, "signing-keys.json");
                environment["Identity__SeedDemoIdentities"] = "true";
                // Every test signs in from 127.0.0.1: the per-address sign-in limit (30 a minute) is sized for people.
                environment["RateLimits__SignInPerMinute"] = "600";
                environment["Kestrel__Endpoints__Management__Url"] = ManagementUrlOf(name).ToString();
                if (withPortal)
                {
                    // As ./sme up: the portal behind "/", its sign-in coming back through the gateway. The entries before
                    // index 2 (appsettings.Development.json) stay: the code flow's own tests use them.
                    environment["Portal__Url"] = UrlOf(Portal.Name).ToString();
                    environment["Identity__PortalRedirectUris__2"] = new Uri(UrlOf(name), "/signin-callback").ToString();
                }
            }

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
        if (withPortal)
        {
            await StartPortalAsync();
        }

        Anonymous = new HttpClient { BaseAddress = UrlOf("gateway"), Timeout = TimeSpan.FromSeconds(30) };
        // The tests read messages in the words of the code; the language rule is tested on its own.
        Anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await Poll.UntilAsync(async () => (await Anonymous.GetAsync("/health/ready")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(120), "the gateway to report every service ready");

        // Every demo identity signs in once now, so tests that lock an account out cannot starve the others.
        foreach (var identity in DemoIdentities.All)
        {
            clients[identity.Name] = new HttpClient { BaseAddress = UrlOf("gateway"), Timeout = TimeSpan.FromSeconds(30) };
            clients[identity.Name].DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            await TokenFor(identity.Name);
        }
    }

    /// <summary>The staff portal, as ./sme up starts it: it signs people in at the gateway and calls the APIs through it.</summary>
    public async Task StartPortalAsync()
    {
        var gateway = UrlOf("gateway").ToString().TrimEnd('/');
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = UrlOf(Portal.Name).ToString(),
            ["Auth__Authority"] = gateway,
            ["Portal__GatewayUrl"] = gateway,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp!.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };
        processes[Portal.Name] = await ServiceProcess.StartAsync(Portal.Name, RepoPaths.ServiceDll(Portal.Project, Portal.Assembly),
            environment, new Uri(UrlOf(Portal.Name), "/health/live").ToString(), TimeSpan.FromSeconds(90));
    }

    public async Task StartAsync(string name)
    {
        var component = Components.Single(c => c.Name == name);
        processes[name] = await ServiceProcess.StartAsync(name, RepoPaths.ServiceDll(component.Project, component.Assembly),
            environments[name], new Uri(UrlOf(name), "/health/live").ToString(), TimeSpan.FromSeconds(90));
    }

    /// <summary>What the component wrote to stdout and stderr so far.</summary>
    public string OutputOf(string name) => processes[name].Output;

    /// <summary>SIGKILL: no graceful shutdown, no flushing; a crash.</summary>
    public void Kill(string name) => processes[name].Kill();

    public Task StopAsync(string name) => processes[name].StopAsync();

    public virtual async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        signIn.Dispose();
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

        if (otlp is not null)
        {
            await otlp.DisposeAsync();
        }

        Directory.Delete(keyFolder, recursive: true);
    }
}
