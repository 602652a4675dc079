using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace SmePlatform.Grpc.Client;

/// <summary>
/// Calls to one target address (scheme://host:port; "http" means h2c with prior knowledge). Holds the
/// resilience pipeline of that target, so its circuit breaker is per address. Cheap to keep, meant to be
/// long-lived and shared (see <see cref="GrpcClientServiceCollectionExtensions"/>); connections come from
/// the process-wide handler unless <see cref="GrpcChannelOptions.HttpHandler"/> says otherwise.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    internal static readonly ResiliencePropertyKey<bool> RetryableKey = new("SmePlatform.Grpc.Retryable");
    internal static readonly ResiliencePropertyKey<bool> MessageReceivedKey = new("SmePlatform.Grpc.MessageReceived");

    private static readonly Lazy<SocketsHttpHandler> SharedHandler = new(CreateHttpHandler);

    private readonly ConcurrentDictionary<MethodDescriptor, Uri> _methodUris = new();
    private readonly CircuitBreakerStateProvider _breakerState = new();
    private readonly bool _disposeInvoker;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"A gRPC address must be http:// (h2c) or https://, not '{address}'.", nameof(address));
        }

        Address = address;
        Options = options;
        Invoker = new HttpMessageInvoker(options.HttpHandler ?? SharedHandler.Value, disposeHandler: options.HttpHandler is not null && options.DisposeHttpHandler);
        _disposeInvoker = true;
        Pipeline = BuildPipeline(options, _breakerState);
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    /// <summary>Closed, open (failing fast with UNAVAILABLE), half-open or isolated.</summary>
    public CircuitState CircuitState => _breakerState.CircuitState;

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>Generic over object (every response is a reference type), so Polly runs without its bridging layer.</summary>
    internal ResiliencePipeline<object> Pipeline { get; }

    internal bool IsCircuitOpen => _breakerState.CircuitState is CircuitState.Open or CircuitState.Isolated;

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address, UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) =>
        new(address, options ?? new GrpcChannelOptions());

    /// <summary>
    /// The handler every channel shares by default: HTTP/2 only (prior knowledge on http://, ALPN on https://),
    /// more than one connection per server when streams run out, short connect timeout so a dead peer turns
    /// into UNAVAILABLE quickly, keep-alive pings to notice silent connection loss.
    /// </summary>
    public static SocketsHttpHandler CreateHttpHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
        // We write traceparent ourselves from the gRPC client span; the handler's own would point at its
        // HTTP span instead.
        ActivityHeadersPropagator = null,
    };

    public AsyncUnaryCall<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckMethod<TRequest, TResponse>(method, clientStreaming: false, serverStreaming: false);
        ArgumentNullException.ThrowIfNull(request);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        return new AsyncUnaryCall<TResponse>(call.RunUnaryAsync(request), call);
    }

    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckMethod<TRequest, TResponse>(method, clientStreaming: false, serverStreaming: true);
        ArgumentNullException.ThrowIfNull(request);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartServerStreaming(request);
        return new AsyncServerStreamingCall<TResponse>(call);
    }

    /// <summary>Server streaming as an async sequence; the call is disposed (and reset if unfinished) when the loop ends.</summary>
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        MethodDescriptor method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = ServerStreaming<TRequest, TResponse>(method, request, options);
        while (await call.ResponseStream.MoveNext().ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckMethod<TRequest, TResponse>(method, clientStreaming: true, serverStreaming: false);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartStreamingRequest();
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, call.RunClientStreamingResponseAsync());
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(MethodDescriptor method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckMethod<TRequest, TResponse>(method, clientStreaming: true, serverStreaming: true);
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.StartStreamingRequest();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, call);
    }

    public void Dispose()
    {
        if (_disposeInvoker)
        {
            Invoker.Dispose();
        }
    }

    internal Uri GetMethodUri(MethodDescriptor method) =>
        _methodUris.GetOrAdd(method, static (m, address) => new Uri(address, "/" + m.Service.FullName + "/" + m.Name), Address);

    internal bool IsIdempotent(MethodDescriptor method, CallOptions options)
    {
        if (options.Idempotent is { } explicitly)
        {
            return explicitly;
        }

        var level = method.GetOptions()?.IdempotencyLevel ?? MethodOptions.Types.IdempotencyLevel.IdempotencyUnknown;
        return level is MethodOptions.Types.IdempotencyLevel.Idempotent or MethodOptions.Types.IdempotencyLevel.NoSideEffects
            || (Options.IdempotentMethods.Count > 0 && Options.IdempotentMethods.Contains(method.Service.FullName + "/" + method.Name));
    }

    private static void CheckMethod<TRequest, TResponse>(MethodDescriptor method, bool clientStreaming, bool serverStreaming)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{method.FullName} takes {method.InputType.ClrType.Name} and returns {method.OutputType.ClrType.Name}, not {typeof(TRequest).Name}/{typeof(TResponse).Name}.",
                nameof(method));
        }

        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException(
                $"{method.FullName} is {Describe(method.IsClientStreaming, method.IsServerStreaming)}, not {Describe(clientStreaming, serverStreaming)}.",
                nameof(method));
        }
    }

    private static string Describe(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server-streaming",
        (true, false) => "client-streaming",
        _ => "duplex-streaming",
    };

    private static ResiliencePipeline<object> BuildPipeline(GrpcChannelOptions options, CircuitBreakerStateProvider breakerState)
    {
        var builder = new ResiliencePipelineBuilder<object>();
        if (options.MaxRetryAttempts > 0)
        {
            // Retry sits outside the breaker: each attempt counts, and an open breaker is not retried.
            builder.AddRetry(new RetryStrategyOptions<object>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable }
                    && args.Context.Properties.GetValue(RetryableKey, false)
                    && !args.Context.Properties.GetValue(MessageReceivedKey, false)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<object>
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
            StateProvider = breakerState,
            // Only "the target is not there" opens it; application errors say the target is fine.
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable }),
        });
        return builder.Build();
    }
}
