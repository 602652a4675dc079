namespace SmePlatform.Grpc.Client;

/// <summary>Per-call settings (Grpc.Core shape). Every call gets a deadline: this one, or the channel's default.</summary>
public readonly record struct CallOptions(Metadata? Headers = null, DateTime? Deadline = null, CancellationToken CancellationToken = default)
{
    /// <summary>Gzip the request messages of this call (overrides <see cref="GrpcChannelOptions.CompressRequests"/>).</summary>
    public bool? CompressRequest { get; init; }

    /// <summary>
    /// Declares the call safe to repeat, overriding the method's <c>option idempotency_level</c>: only such calls
    /// are retried on UNAVAILABLE.
    /// </summary>
    public bool? Idempotent { get; init; }
}
