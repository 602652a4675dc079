using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Polly;
using Polly.CircuitBreaker;

namespace SmePlatform.Grpc.Client;

/// <summary>
/// One client call: request headers, the HTTP/2 exchange, reading framed messages, the final status.
/// Every way a call can end goes through <see cref="Finish"/>, once.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IResponseSource<TResponse>, IRequestSink<TRequest>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024);

    private readonly GrpcChannel _channel;
    private readonly MethodDescriptor _method;
    private readonly CallOptions _options;
    private readonly MessageParser<TResponse> _parser;
    private readonly CancellationTokenSource _cancellation;
    private readonly DateTime? _deadline;
    private readonly string? _requestEncoding;
    private readonly Activity? _activity;
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private string? _responseEncoding;
    private Metadata? _headers;
    private (Status Status, Metadata Trailers)? _trailersOnly;
    private Status? _status;
    private Metadata? _trailers;
    private Task? _start;
    private StreamingContent? _requestContent;
    private int _finished;
    private int _disposed;
    private volatile bool _cancelledByReader;

    public ClientCall(GrpcChannel channel, MethodDescriptor method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _parser = (MessageParser<TResponse>)method.OutputType.Parser;
        _requestEncoding = (options.CompressRequest ?? channel.Options.CompressRequests) ? GrpcCompression.Gzip : null;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);

        var timeout = channel.Options.DefaultTimeout;
        _deadline = options.Deadline ?? (timeout == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow + timeout);
        if (_deadline == DateTime.MaxValue)
        {
            _deadline = null;
        }

        if (_deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                _cancellation.Cancel();
            }
            else if (remaining.TotalMilliseconds < uint.MaxValue - 1)
            {
                _cancellation.CancelAfter(remaining);
            }
        }

        // The span must not become the caller's Activity.Current: this method returns synchronously.
        var previous = Activity.Current;
        _activity = GrpcTelemetry.StartClient(method, channel.Address);
        Activity.Current = previous;
    }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished yet.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("The call has not finished yet.");

    // ---- unary ----

    public async Task<TResponse> RunUnaryAsync(TRequest request)
    {
        RentedFrame? frame = null;
        try
        {
            frame = new RentedFrame(GrpcFraming.FrameMessage(request, _channel.Options.MaxSendMessageSize, _requestEncoding));
            var response = await ExecuteResilientAsync(static (call, frame, context) => call.AttemptUnaryAsync(frame, context), frame).ConfigureAwait(false);
            Finish(Status.DefaultSuccess, _trailers ?? new Metadata());
            return response;
        }
        catch (Exception ex)
        {
            var rpc = ToRpcException(ex);
            Finish(rpc.Status, rpc.Trailers);
            throw rpc;
        }
        finally
        {
            frame?.Release();
            Dispose();
        }
    }

    private async ValueTask<TResponse> AttemptUnaryAsync(RentedFrame frame, ResilienceContext context)
    {
        await SendAsync(new FramedContent(frame)).ConfigureAwait(false);
        var message = await ReadNextAsync().ConfigureAwait(false);
        if (message is not null)
        {
            context.Properties.Set(GrpcChannel.MessageReceivedKey, true);
            if (await ReadNextAsync().ConfigureAwait(false) is not null)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The server sent more than one message for a unary call."));
            }
        }

        var (status, trailers) = ReadStatus();
        if (status.StatusCode != StatusCode.OK)
        {
            throw new RpcException(status, trailers);
        }

        _trailers = trailers;
        return message ?? throw new RpcException(new Status(StatusCode.Internal, "The server ended a unary call with OK but no message."), trailers);
    }

    // ---- server streaming ----

    public void StartServerStreaming(TRequest request)
    {
        _start = StartServerStreamingAsync(request);
    }

    private async Task StartServerStreamingAsync(TRequest request)
    {
        RentedFrame? frame = null;
        try
        {
            frame = new RentedFrame(GrpcFraming.FrameMessage(request, _channel.Options.MaxSendMessageSize, _requestEncoding));
            // Retries cover only the start of the stream: once a message has been handed out, a repeat would duplicate it.
            await ExecuteResilientAsync(static async (call, frame, _) =>
            {
                await call.SendAsync(new FramedContent(frame)).ConfigureAwait(false);
                if (call._trailersOnly is { Status.StatusCode: not StatusCode.OK } early)
                {
                    throw new RpcException(early.Status, early.Trailers);
                }

                return true;
            }, frame).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var rpc = ToRpcException(ex);
            Finish(rpc.Status, rpc.Trailers);
            throw rpc;
        }
        finally
        {
            frame?.Release();
        }
    }

    // ---- client streaming and duplex ----

    public void StartStreamingRequest()
    {
        _requestContent = new StreamingContent();
        _start = StartStreamingRequestAsync(_requestContent);
    }

    private async Task StartStreamingRequestAsync(StreamingContent content)
    {
        try
        {
            // No retries (the messages are the caller's, sent as they come), but an open breaker still fails fast.
            if (_channel.IsCircuitOpen)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"The circuit to {_channel.Address} is open; failing fast."));
            }

            await Task.Yield();
            await SendAsync(content).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var rpc = ToRpcException(ex);
            Finish(rpc.Status, rpc.Trailers);
            throw rpc;
        }
    }

    public async Task WriteRequestAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfFinishedWithError();
        var content = _requestContent ?? throw new InvalidOperationException("This call has no request stream.");
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cancellation.Token)
            : null;
        var token = linked?.Token ?? _cancellation.Token;
        using var framed = GrpcFraming.FrameMessage(message, _channel.Options.MaxSendMessageSize, _requestEncoding);
        try
        {
            // The server may end the call before SocketsHttpHandler asks for the body: then report that.
            var ready = await Task.WhenAny(content.StreamTask, _start!).ConfigureAwait(false);
            if (ready != content.StreamTask)
            {
                await _start!.ConfigureAwait(false);
                ThrowIfFinishedWithError();
            }

            var stream = await content.StreamTask.WaitAsync(token).ConfigureAwait(false);
            await stream.WriteAsync(framed.Memory, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            ThrowIfFinishedWithError();
            throw ToRpcException(ex);
        }
    }

    public Task CompleteRequestAsync()
    {
        _requestContent?.Complete();
        return Task.CompletedTask;
    }

    public async Task<TResponse> RunClientStreamingResponseAsync()
    {
        try
        {
            await _start!.ConfigureAwait(false);
            var message = await ReadNextAsync().ConfigureAwait(false);
            if (message is not null && await ReadNextAsync().ConfigureAwait(false) is not null)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The server sent more than one message for a client-streaming call."));
            }

            var (status, trailers) = ReadStatus();
            if (status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(status, trailers);
            }

            if (message is null)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The server ended the call with OK but no message."), trailers);
            }

            Finish(status, trailers);
            return message;
        }
        catch (Exception ex)
        {
            var rpc = ToRpcException(ex);
            Finish(rpc.Status, rpc.Trailers);
            throw rpc;
        }
    }

    // ---- reading a response stream (server streaming, duplex) ----

    public async Task<(bool HasMessage, TResponse? Message)> MoveNextAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _start!.ConfigureAwait(false);
            if (_status is { } finished)
            {
                return finished.StatusCode == StatusCode.OK ? (false, null) : throw new RpcException(finished, _trailers ?? new Metadata());
            }

            TResponse? message;
            if (cancellationToken.CanBeCanceled)
            {
                await using var registration = cancellationToken.Register(
                    static state =>
                    {
                        var call = (ClientCall<TRequest, TResponse>)state!;
                        call._cancelledByReader = true;
                        call._cancellation.Cancel();
                    },
                    this).ConfigureAwait(false);
                message = await ReadNextAsync().ConfigureAwait(false);
            }
            else
            {
                message = await ReadNextAsync().ConfigureAwait(false);
            }

            if (message is not null)
            {
                return (true, message);
            }

            var (status, trailers) = ReadStatus();
            Finish(status, trailers);
            return status.StatusCode == StatusCode.OK ? (false, null) : throw new RpcException(status, trailers);
        }
        catch (Exception ex)
        {
            var rpc = ToRpcException(ex);
            Finish(rpc.Status, rpc.Trailers);
            throw rpc;
        }
    }

    // ---- the exchange ----

    private async ValueTask<TResult> ExecuteResilientAsync<TResult>(
        Func<ClientCall<TRequest, TResponse>, RentedFrame, ResilienceContext, ValueTask<TResult>> attempt, RentedFrame frame)
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            context.Properties.Set(GrpcChannel.RetryableKey, _channel.IsIdempotent(_method, _options));
            return await _channel.Pipeline.ExecuteAsync(
                static (ctx, state) => state.attempt(state.call, state.frame, ctx),
                context,
                (call: this, frame, attempt)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task SendAsync(HttpContent content)
    {
        // A retried attempt replaces the previous response; disposing it resets that stream if still open.
        _response?.Dispose();
        _response = null;
        _reader = null;
        _trailersOnly = null;

        var request = await CreateRequestAsync(content).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(request, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex);
        }

        _response = response;
        ReadResponseHeaders(response);
    }

    private async ValueTask<HttpRequestMessage> CreateRequestAsync(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        if (_deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                // Do not even send: the server would only answer DEADLINE_EXCEEDED.
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded before the call was sent."));
            }

            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(remaining));
        }

        headers.TryAddWithoutValidation("te", "trailers");
        headers.TryAddWithoutValidation("user-agent", GrpcProtocol.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcCompression.AcceptEncoding);
        if (_requestEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, _requestEncoding);
        }

        var hasAuthorization = false;
        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (MetadataEncoding.IsReserved(entry.Key))
                {
                    continue;
                }

                hasAuthorization |= entry.Key == "authorization";
                headers.TryAddWithoutValidation(entry.Key, entry.Value);
            }
        }

        if (!hasAuthorization && _channel.Options.BearerTokenProvider is { } tokenProvider)
        {
            var token = await tokenProvider(_cancellation.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(token))
            {
                headers.TryAddWithoutValidation("authorization", "Bearer " + token);
            }
        }

        // W3C trace context: our client span, or the ambient one when nobody listens to ours.
        var activity = _activity ?? Activity.Current;
        if (activity is { IdFormat: ActivityIdFormat.W3C, Id: { } traceParent })
        {
            headers.TryAddWithoutValidation("traceparent", traceParent);
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                headers.TryAddWithoutValidation("tracestate", activity.TraceStateString);
            }
        }

        return request;
    }

    private void ReadResponseHeaders(HttpResponseMessage response)
    {
        var grpcStatus = GetHeader(response.Headers, GrpcProtocol.StatusTrailer);
        if (response.StatusCode != HttpStatusCode.OK && grpcStatus is null)
        {
            // http-grpc-status-mapping.md: a non-gRPC answer (a proxy's 503, a 404 from the wrong port).
            var code = (int)response.StatusCode;
            throw new RpcException(new Status(GrpcProtocol.FromHttpStatus(code), $"Bad gRPC response. HTTP status code: {code}."));
        }

        var metadata = MetadataEncoding.FromHeaders(response.Headers);
        if (grpcStatus is not null)
        {
            // Trailers-Only: the headers are the trailers, there is no body.
            _trailersOnly = (ParseStatus(grpcStatus, GetHeader(response.Headers, GrpcProtocol.MessageTrailer)), metadata);
            _headers = metadata;
            _responseHeaders.TrySetResult(metadata);
            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(mediaType))
        {
            throw new RpcException(new Status(StatusCode.Unknown, $"Bad gRPC response. Content-Type '{mediaType}' is not application/grpc."));
        }

        _responseEncoding = GetHeader(response.Headers, GrpcProtocol.EncodingHeader);
        if (!GrpcCompression.IsSupported(_responseEncoding))
        {
            throw new RpcException(new Status(StatusCode.Internal, $"The server used grpc-encoding '{_responseEncoding}', which was not offered."));
        }

        _headers = metadata;
        _responseHeaders.TrySetResult(metadata);
    }

    private async ValueTask<TResponse?> ReadNextAsync()
    {
        if (_trailersOnly is not null)
        {
            return null;
        }

        var response = _response ?? throw new InvalidOperationException("The call has not started.");
        try
        {
            _reader ??= PipeReader.Create(await response.Content.ReadAsStreamAsync(_cancellation.Token).ConfigureAwait(false), ReaderOptions);
            return await GrpcFraming.ReadMessageAsync(_reader, _parser, _channel.Options.MaxReceiveMessageSize, _responseEncoding, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex);
        }
    }

    private (Status Status, Metadata Trailers) ReadStatus()
    {
        if (_trailersOnly is { } trailersOnly)
        {
            return trailersOnly;
        }

        var trailers = _response!.TrailingHeaders;
        var metadata = MetadataEncoding.FromHeaders(trailers);
        var grpcStatus = GetHeader(trailers, GrpcProtocol.StatusTrailer);
        return grpcStatus is null
            ? (new Status(StatusCode.Internal, "The response ended without a grpc-status trailer."), metadata)
            : (ParseStatus(grpcStatus, GetHeader(trailers, GrpcProtocol.MessageTrailer)), metadata);
    }

    private static Status ParseStatus(string value, string? message)
    {
        var detail = GrpcProtocol.PercentDecode(message);
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status '{value}'. {detail}".TrimEnd());
        }

        // statuscodes.md: codes this side does not know are UNKNOWN.
        return new Status(code is >= 0 and <= (int)StatusCode.Unauthenticated ? (StatusCode)code : StatusCode.Unknown, detail);
    }

    private static string? GetHeader(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private RpcException ToRpcException(Exception exception)
    {
        switch (exception)
        {
            case RpcException rpc:
                return rpc;
            case OperationCanceledException when _cancellation.IsCancellationRequested || _options.CancellationToken.IsCancellationRequested:
                return new RpcException(CancellationStatus());
            case BrokenCircuitException:
                return new RpcException(new Status(StatusCode.Unavailable, $"The circuit to {_channel.Address} is open; failing fast."));
        }

        // RST_STREAM codes, per PROTOCOL-HTTP2.md "Errors".
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException protocol)
            {
                var code = protocol.ErrorCode switch
                {
                    0x7 => StatusCode.Unavailable, // REFUSED_STREAM: not processed, safe to retry
                    0x8 => StatusCode.Cancelled,
                    0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
                    0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
                    _ => StatusCode.Internal,
                };
                return new RpcException(new Status(code, $"HTTP/2 stream error {protocol.ErrorCode}: {protocol.Message}"));
            }
        }

        return exception switch
        {
            HttpRequestException or IOException => new RpcException(new Status(StatusCode.Unavailable, $"Error talking to {_channel.Address}: {exception.Message}")),
            OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled.")),
            _ => new RpcException(new Status(StatusCode.Internal, $"Error in gRPC call to {_method.FullName}: {exception.GetType().Name}: {exception.Message}")),
        };
    }

    /// <summary>
    /// The call's token is cancelled by the caller (its token, or the token given to MoveNext), by Dispose, or
    /// else by the deadline timer. Decided by elimination rather than by the clock: timers and the wall clock
    /// disagree by a millisecond or two.
    /// </summary>
    private Status CancellationStatus()
    {
        if (_options.CancellationToken.IsCancellationRequested || _cancelledByReader)
        {
            return new Status(StatusCode.Cancelled, "The call was cancelled by the caller.");
        }

        if (_deadline is not null && Volatile.Read(ref _disposed) == 0)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.");
        }

        return new Status(StatusCode.Cancelled, "The call was cancelled.");
    }

    private void ThrowIfFinishedWithError()
    {
        if (_status is { StatusCode: not StatusCode.OK } status)
        {
            throw new RpcException(status, _trailers ?? new Metadata());
        }
    }

    private void Finish(Status status, Metadata trailers)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        _trailers = trailers;
        _status = status;
        _responseHeaders.TrySetResult(_headers ?? new Metadata());
        if (status.StatusCode != StatusCode.OK)
        {
            // Stop the exchange: an unfinished HTTP/2 stream gets RST_STREAM(CANCEL).
            _response?.Dispose();
            _requestContent?.Complete();
        }

        GrpcTelemetry.Stop(_activity, status.StatusCode, isServer: false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _finished) == 0)
        {
            _cancellation.Cancel();
            Finish(new Status(StatusCode.Cancelled, "The call was disposed before it finished."), new Metadata());
        }

        _response?.Dispose();
        _requestContent?.Dispose();
        _cancellation.Dispose();
    }
}
