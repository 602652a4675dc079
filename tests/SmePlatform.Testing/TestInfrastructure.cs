using DotNet.Testcontainers.Configurations;

namespace SmePlatform.Testing;

/// <summary>Where the tests' PostgreSQL and RabbitMQ run.</summary>
public enum InfrastructureKind
{
    /// <summary>Started from this machine's own binaries (infra/local, as ./sme up).</summary>
    Local,

    /// <summary>In containers of a Docker engine, through Testcontainers.</summary>
    Containers,
}

/// <summary>
/// The one place that decides, once per test process, whether the servers run in containers or locally, from
/// SME_TEST_INFRA: <c>containers</c>, <c>local</c>, or <c>auto</c> (the default: containers when a Docker engine
/// answers). Asked for containers with no engine, it fails rather than quietly testing something else. The images
/// come from SME_TEST_POSTGRES_IMAGE and SME_TEST_RABBITMQ_IMAGE (default: the official ones).
/// </summary>
public static class TestInfrastructure
{
    public const string KindVariable = "SME_TEST_INFRA";
    public const string PostgresImageVariable = "SME_TEST_POSTGRES_IMAGE";
    public const string RabbitMqImageVariable = "SME_TEST_RABBITMQ_IMAGE";

    private static readonly Lazy<InfrastructureKind> Chosen = new(() =>
        Choose(Environment.GetEnvironmentVariable(KindVariable), WhyDockerIsUnreachable));

    public static InfrastructureKind Kind => Chosen.Value;

    public static string PostgresImage => Setting(PostgresImageVariable) ?? "postgres:15";

    public static string RabbitMqImage => Setting(RabbitMqImageVariable) ?? "rabbitmq:3.13-management";

    internal static async Task<PostgresServer> StartPostgresAsync(CancellationToken ct) => Kind switch
    {
        InfrastructureKind.Containers => await ContainerPostgresServer.StartAsync(PostgresImage, ct).ConfigureAwait(false),
        _ => await LocalPostgresServer.StartAsync(ct).ConfigureAwait(false),
    };

    internal static async Task<RabbitMqServer> StartRabbitMqAsync(CancellationToken ct) => Kind switch
    {
        InfrastructureKind.Containers => await ContainerRabbitMqServer.StartAsync(RabbitMqImage, ct).ConfigureAwait(false),
        _ => await LocalRabbitMqServer.StartAsync(ct).ConfigureAwait(false),
    };

    /// <summary>
    /// The choice for a value of SME_TEST_INFRA. <paramref name="whyDockerIsUnreachable"/> answers null when a Docker
    /// engine answers, else why not; it is asked only when the choice depends on it.
    /// </summary>
    public static InfrastructureKind Choose(string? setting, Func<string?> whyDockerIsUnreachable)
    {
        ArgumentNullException.ThrowIfNull(whyDockerIsUnreachable);
        switch (setting?.Trim().ToLowerInvariant())
        {
            case "local":
                return InfrastructureKind.Local;
            case null or "" or "auto":
                return whyDockerIsUnreachable() is null ? InfrastructureKind.Containers : InfrastructureKind.Local;
            case "containers":
                var why = whyDockerIsUnreachable();
                return why is null
                    ? InfrastructureKind.Containers
                    : throw new InvalidOperationException(
                        $"{KindVariable}=containers, but {why}. Start Docker (or point DOCKER_HOST at an engine), or run on " +
                        $"this machine's own PostgreSQL and RabbitMQ with {KindVariable}=local.");
            default:
                throw new InvalidOperationException($"{KindVariable}='{setting}' is not one of containers, local, auto.");
        }
    }

    /// <summary>Null when Testcontainers found an engine that answers a ping (DOCKER_HOST, its properties file, the usual sockets).</summary>
    public static string? WhyDockerIsUnreachable() =>
        TestcontainersSettings.OS.DockerEndpointAuthConfig is null
            ? "Testcontainers found no Docker engine that answers (DOCKER_HOST, ~/.testcontainers.properties, the default socket)"
            : null;

    /// <summary>Null when the engine at <paramref name="endpoint"/> answers a ping within a few seconds.</summary>
    public static string? WhyDockerIsUnreachable(Uri endpoint)
    {
        using var client = new DockerEndpointAuthenticationConfiguration(endpoint).GetDockerClientBuilder().Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            client.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"no Docker engine answers at {endpoint} ({ex.GetBaseException().Message})";
        }
    }

    private static string? Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
}
