using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmePlatform.Grpc.Server;

public sealed class GrpcServerOptions
{
    private readonly List<Func<Exception, Status?>> _exceptionMappers = [];

    /// <summary>Largest request message accepted (after decompression); larger is RESOURCE_EXHAUSTED. 4 MB as in gRPC.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message a handler may send; larger is RESOURCE_EXHAUSTED. 4 MB.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Which ASP.NET Core health checks decide grpc.health.v1.Health: by default those tagged "ready",
    /// so a prober sees the same answer as the readiness endpoint.
    /// </summary>
    public Func<HealthCheckRegistration, bool> HealthCheckPredicate { get; set; } = r => r.Tags.Contains("ready");

    /// <summary>How often Health/Watch re-evaluates the checks to report a change.</summary>
    public TimeSpan HealthWatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal IReadOnlyList<Func<Exception, Status?>> ExceptionMappers => _exceptionMappers;

    /// <summary>
    /// Maps an exception type of your own (a domain's not-found or validation error, say) to a status.
    /// Checked before the built-in mappings, in registration order. The detail is sent to the caller.
    /// </summary>
    public GrpcServerOptions MapException<TException>(Func<TException, Status> map)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(map);
        _exceptionMappers.Add(ex => ex is TException typed ? map(typed) : null);
        return this;
    }
}
