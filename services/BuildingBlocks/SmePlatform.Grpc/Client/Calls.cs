using System.Runtime.CompilerServices;

namespace SmePlatform.Grpc.Client;

/// <summary>A unary call: await it for the response; headers, status and trailers stay available after.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncUnaryCall(Task<TResponse> response, IClientCallState call)
    {
        ResponseAsync = response;
        _call = call;
    }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Cancels the call if it is still running (RST_STREAM).</summary>
    public void Dispose() => _call.Dispose();
}

/// <summary>A server-streaming call. Dispose it: an unfinished stream is then reset rather than left to its deadline.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncServerStreamingCall(IResponseSource<TResponse> call)
    {
        _call = call;
        ResponseStream = new ResponseStreamReader<TResponse>(call);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

/// <summary>A client-streaming call: write the requests, complete the stream, await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncClientStreamingCall(IRequestSink<TRequest> call, Task<TResponse> response)
    {
        _call = call;
        RequestStream = new RequestStreamWriter<TRequest>(call);
        ResponseAsync = response;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

/// <summary>A bidirectional call: both streams are independent; complete the request stream to half-close.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IClientCallState _call;

    internal AsyncDuplexStreamingCall(IRequestSink<TRequest> requests, IResponseSource<TResponse> responses)
    {
        _call = responses;
        RequestStream = new RequestStreamWriter<TRequest>(requests);
        ResponseStream = new ResponseStreamReader<TResponse>(responses);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    public Status GetStatus() => _call.GetStatus();

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}

internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}

internal interface IResponseSource<TResponse> : IClientCallState
{
    Task<(bool HasMessage, TResponse? Message)> MoveNextAsync(CancellationToken cancellationToken);
}

internal sealed class ResponseStreamReader<TResponse>(IResponseSource<TResponse> call) : IAsyncStreamReader<TResponse>
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var (hasMessage, message) = await call.MoveNextAsync(cancellationToken).ConfigureAwait(false);
        _current = message;
        return hasMessage;
    }
}

internal interface IRequestSink<in TRequest> : IClientCallState
{
    Task WriteRequestAsync(TRequest message, CancellationToken cancellationToken);

    Task CompleteRequestAsync();
}

internal sealed class RequestStreamWriter<TRequest>(IRequestSink<TRequest> call) : IClientStreamWriter<TRequest>
{
    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteRequestAsync(message, cancellationToken);

    public Task CompleteAsync() => call.CompleteRequestAsync();
}
