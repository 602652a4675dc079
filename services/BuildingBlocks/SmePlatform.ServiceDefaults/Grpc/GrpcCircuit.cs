using Grpc.Core;
using Grpc.Core.Interceptors;
using Polly;
using Polly.CircuitBreaker;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// The circuit breaker of one gRPC client (one server): when half the calls of the last 10 s (at least 5) could not
/// reach the server (UNAVAILABLE), calls fail at once with UNAVAILABLE for <see cref="BreakDuration"/>, then one probe
/// call decides. A call counts as reaching the server once its response headers arrive, so a long stream is judged by
/// its start. It lives as long as the process (a singleton), as the server's state does.
/// </summary>
public sealed class GrpcCircuit<TClient>
{
    private readonly CircuitBreakerStateProvider stateProvider = new();

    private readonly ResiliencePipeline pipeline;

    public GrpcCircuit()
    {
        pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = BreakDuration,
                StateProvider = stateProvider,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
            })
            .Build();
    }

    public TimeSpan BreakDuration { get; } = TimeSpan.FromSeconds(5);

    public CircuitState State => stateProvider.CircuitState;

    /// <summary>Starts the call through the circuit; completes once its response headers arrive, or fails as the call did.</summary>
    internal async Task<TCall> StartAsync<TCall>(Func<TCall> start, Func<TCall, Task<Metadata>> headers, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async _ =>
            {
                var call = start();
                await headers(call).ConfigureAwait(false);
                return call;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException exception)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"circuit open: calls to this server are suspended after repeated failures; they resume within {BreakDuration.TotalSeconds:0} s.", exception));
        }
    }
}

/// <summary>Sends the unary and server-streaming calls of a client through its <see cref="GrpcCircuit{TClient}"/>.</summary>
internal sealed class CircuitBreakingInterceptor<TClient>(GrpcCircuit<TClient> circuit) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var started = circuit.StartAsync(() => continuation(request, context), call => call.ResponseHeadersAsync, context.Options.CancellationToken);
        return new AsyncUnaryCall<TResponse>(
            ResponseAsync(started),
            HeadersAsync(started),
            () => Read(started, call => call.GetStatus(), failed => failed.Status),
            () => Read(started, call => call.GetTrailers(), failed => failed.Trailers),
            () => Dispose(started, call => call.Dispose()));

        static async Task<TResponse> ResponseAsync(Task<AsyncUnaryCall<TResponse>> started) => await (await started.ConfigureAwait(false)).ResponseAsync.ConfigureAwait(false);

        static async Task<Metadata> HeadersAsync(Task<AsyncUnaryCall<TResponse>> started) => await (await started.ConfigureAwait(false)).ResponseHeadersAsync.ConfigureAwait(false);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var started = circuit.StartAsync(() => continuation(request, context), call => call.ResponseHeadersAsync, context.Options.CancellationToken);
        return new AsyncServerStreamingCall<TResponse>(
            new StartedStream<TResponse>(started),
            HeadersAsync(started),
            () => Read(started, call => call.GetStatus(), failed => failed.Status),
            () => Read(started, call => call.GetTrailers(), failed => failed.Trailers),
            () => Dispose(started, call => call.Dispose()));

        static async Task<Metadata> HeadersAsync(Task<AsyncServerStreamingCall<TResponse>> started) => await (await started.ConfigureAwait(false)).ResponseHeadersAsync.ConfigureAwait(false);
    }

    /// <summary>Status and trailers are asked for after the call ended: from the call, or from why it could not start.</summary>
    private static TResult Read<TCall, TResult>(Task<TCall> started, Func<TCall, TResult> fromCall, Func<RpcException, TResult> fromFailure)
    {
        if (started.IsCompletedSuccessfully)
        {
            return fromCall(started.Result);
        }

        if (started.Exception?.InnerException is RpcException failed)
        {
            return fromFailure(failed);
        }

        throw new InvalidOperationException("The call has not completed yet.");
    }

    private static void Dispose<TCall>(Task<TCall> started, Action<TCall> dispose)
    {
        if (started.IsCompletedSuccessfully)
        {
            dispose(started.Result);
        }
    }

    private sealed class StartedStream<TResponse>(Task<AsyncServerStreamingCall<TResponse>> started) : IAsyncStreamReader<TResponse>
    {
        public TResponse Current => started.Result.ResponseStream.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken) =>
            await (await started.ConfigureAwait(false)).ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
    }
}
