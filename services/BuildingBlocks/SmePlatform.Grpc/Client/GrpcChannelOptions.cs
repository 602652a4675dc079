namespace SmePlatform.Grpc.Client;

public sealed class GrpcChannelOptions
{
    /// <summary>Deadline for calls that set none. <see cref="Timeout.InfiniteTimeSpan"/> sends none (not advised).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response message accepted; larger is RESOURCE_EXHAUSTED. 4 MB as in gRPC.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent; larger fails locally with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gzip request messages (grpc-encoding: gzip). Off by default: on a LAN, CPU costs more than bytes.</summary>
    public bool CompressRequests { get; set; }

    /// <summary>
    /// Supplies the bearer token sent as "authorization: Bearer …" on every call that does not set its own
    /// authorization header. Null or empty sends none.
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? BearerTokenProvider { get; set; }

    /// <summary>Retries after the first attempt, for idempotent calls failing with UNAVAILABLE before any response message.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Full names ("package.Service/Method") to treat as idempotent although the proto does not say so.</summary>
    public ISet<string> IdempotentMethods { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Circuit breaker per target address: opens when this share of calls in the window fail with UNAVAILABLE.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the breaker may open.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open breaker fails calls at once (UNAVAILABLE) before letting one through to probe.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The HTTP handler to send on. Null: one process-wide <see cref="SocketsHttpHandler"/> from
    /// <see cref="GrpcChannel.CreateHttpHandler"/>, shared by every channel so connections are pooled.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>.</summary>
    public bool DisposeHttpHandler { get; set; }
}
