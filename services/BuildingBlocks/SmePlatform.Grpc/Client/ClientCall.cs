using System.Buffers;
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
    private TaskCompletionSource<Metadata>? _responseHeaders;
    private HttpResponseMessage? _response;
    private PipeReader? _reader;
    private string? _responseEncoding;

    // Response headers and trailers become Metadata only when someone asks (most unary callers never do).
    private HttpHeaders? _headerSource;
    private Metadata? _headers;
    private int _headersKnown;
    private (Status Status, Metadata Trailers)? _trailersOnly;
    private Status? _status;
    private Metadata? _trailers;
    private HttpHeaders? _trailerSource;
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

    public Task<Metadata> ResponseHeadersAsync
    {
        get
        {
            var source = Volatile.Read(ref _responseHeaders);
            if (source is null)
            {
                var created = new TaskCompletionSource<Metadata>(TaskCreationOptions.RunContinuationsAsynchronously);
                source = Interlocked.CompareExchange(ref _responseHeaders, created, null) ?? created;
            }

            if (Volatile.Read(ref _headersKnown) != 0)
            {
                source.TrySetResult(HeadersMetadata());
            }

            return source.Task;
        }
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished yet.");

    public Metadata GetTrailers()
    {
        if (_status is null)
        {
            throw new InvalidOperationException("The call has not finished yet.");
        }

        return _trailers ??= _trailerSource is { } source ? MetadataEncoding.FromHeaders(source) : new Metadata();
    }

    /// <summary>The response headers are known (received, or the call ended without them): the first attempt's stay.</summary>
    private void HeadersKnown(HttpHeaders? headers)
    {
        if (Volatile.Read(ref _headersKnown) != 0)
        {
            return;
        }

        _headerSource = headers;
        // A full fence, paired with the CompareExchange in ResponseHeadersAsync: one of the two sets the result.
        Interlocked.Exchange(ref _headersKnown, 1);
        Volatile.Read(ref _responseHeaders)?.TrySetResult(HeadersMetadata());
    }

    private Metadata HeadersMetadata() =>
        _headers ??= _headerSource is { } source ? MetadataEncoding.FromHeaders(source) : new Metadata();

    // ---- unary ----

    public async Task<TResponse> RunUnaryAsync(TRequest request)
    {
        RentedFrame? frame = null;
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            frame = RentedFrame.Create(request, _channel.Options.MaxSendMessageSize, _requestEncoding);
            if (_channel.Options.MaxRetryAttempts > 0)
            {
                context.Properties.Set(GrpcChannel.RetryableKey, _channel.IsIdempotent(_method, _options));
            }

            // One generic pipeline and an attempt that returns its outcome: no bridging and no exception-to-outcome
            // conversion layers in Polly, so a call costs the breaker's bookkeeping and little else.
            var outcome = await _channel.Pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => state.call.AttemptUnaryAsync(state.frame, ctx),
                context,
                (call: this, frame)).ConfigureAwait(false);
            outcome.ThrowIfException();
            Finish(Status.DefaultSuccess, null);
            return (TResponse)outcome.Result!;
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
            ResilienceContextPool.Shared.Return(context);
            Dispose();
        }
    }

    /// <summary>
    /// One attempt of a unary call, in one state machine: send, read the one message straight from the response
    /// stream into a pooled buffer (no PipeReader for a single message), then the status from the trailers.
    /// </summary>
    private async ValueTask<Outcome<object>> AttemptUnaryAsync(RentedFrame frame, ResilienceContext context)
    {
        try
        {
            ResetAttempt();
            var request = await CreateRequestAsync(new FramedContent(frame)).ConfigureAwait(false);
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
            if (_trailersOnly is { } trailersOnly)
            {
                return trailersOnly.Status.StatusCode == StatusCode.OK
                    ? Outcome.FromException<object>(new RpcException(new Status(StatusCode.Internal, "The server ended a unary call with OK but no message."), trailersOnly.Trailers))
                    : Outcome.FromException<object>(new RpcException(trailersOnly.Status, trailersOnly.Trailers));
            }

            var maxSize = _channel.Options.MaxReceiveMessageSize;
            var buffer = ArrayPool<byte>.Shared.Rent(UnaryReadBufferSize);
            TResponse? message = null;
            try
            {
                var stream = response.Content.ReadAsStream(_cancellation.Token);
                var count = 0;
                while (true)
                {
                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer, count, maxSize);
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(count), _cancellation.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    count += read;
                    if (ScanUnaryBody(buffer, count, maxSize, ref message))
                    {
                        context.Properties.Set(GrpcChannel.MessageReceivedKey, true);
                    }
                }

                if (ScanUnaryBody(buffer, count, maxSize, ref message, atEnd: true))
                {
                    context.Properties.Set(GrpcChannel.MessageReceivedKey, true);
                }
            }
            catch (Exception ex) when (ex is not RpcException)
            {
                throw ToRpcException(ex);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var trailers = response.TrailingHeaders;
            var grpcStatus = GetHeader(trailers, GrpcProtocol.StatusTrailer);
            if (grpcStatus == "0")
            {
                _trailerSource = trailers;
                return message is not null
                    ? Outcome.FromResult<object>(message)
                    : Outcome.FromException<object>(new RpcException(new Status(StatusCode.Internal, "The server ended a unary call with OK but no message."), MetadataEncoding.FromHeaders(trailers)));
            }

            var status = grpcStatus is null
                ? new Status(StatusCode.Internal, "The response ended without a grpc-status trailer.")
                : ParseStatus(grpcStatus, GetHeader(trailers, GrpcProtocol.MessageTrailer));
            var metadata = MetadataEncoding.FromHeaders(trailers);
            if (status.StatusCode != StatusCode.OK)
            {
                return Outcome.FromException<object>(new RpcException(status, metadata));
            }

            _trailers = metadata;
            return message is not null
                ? Outcome.FromResult<object>(message)
                : Outcome.FromException<object>(new RpcException(new Status(StatusCode.Internal, "The server ended a unary call with OK but no message."), metadata));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<object>(ex);
        }
    }

    private const int UnaryReadBufferSize = 4096;

    private static byte[] Grow(byte[] buffer, int count, int maxSize)
    {
        // Bounded: ScanUnaryBody refuses any message header over the limit before its payload is buffered, and a
        // second complete message ends the read, so at most two messages' worth is ever held.
        var length = (long)buffer.Length * 2;
        if (count >= GrpcFraming.HeaderSize)
        {
            length = Math.Max(length, GrpcFraming.HeaderSize + (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(1)) + GrpcFraming.HeaderSize);
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, (2L * maxSize) + (4 * GrpcFraming.HeaderSize)));
        buffer.AsSpan(0, count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>
    /// Looks at the unary response body read so far: parses the message once it is complete, and fails as the
    /// streaming reader would on a bad header, an over-limit size, a second message or a body cut short.
    /// Returns true when this call parsed the message.
    /// </summary>
    private bool ScanUnaryBody(byte[] buffer, int count, int maxSize, ref TResponse? message, bool atEnd = false)
    {
        var body = new ReadOnlySequence<byte>(buffer, 0, count);
        if (!GrpcFraming.TryReadMessage(ref body, maxSize, out var compressed, out var payload))
        {
            if (atEnd && count > 0)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The stream ended in the middle of a message."));
            }

            return false;
        }

        var parsed = false;
        if (message is null)
        {
            message = GrpcFraming.Parse(_parser, payload, compressed, _responseEncoding, maxSize);
            parsed = true;
        }

        if (GrpcFraming.TryReadMessage(ref body, maxSize, out _, out _))
        {
            throw new RpcException(new Status(StatusCode.Internal, "The server sent more than one message for a unary call."));
        }

        if (atEnd && body.Length > 0)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The stream ended in the middle of a message."));
        }

        return parsed;
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
            frame = RentedFrame.Create(request, _channel.Options.MaxSendMessageSize, _requestEncoding);
            // Retries cover only the start of the stream: once a message has been handed out, a repeat would duplicate it.
            await ExecuteResilientAsync(static async (call, frame, _) =>
            {
                await call.SendAsync(new FramedContent(frame)).ConfigureAwait(false);
                if (call._trailersOnly is { Status.StatusCode: not StatusCode.OK } early)
                {
                    throw new RpcException(early.Status, early.Trailers);
                }
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

    private async ValueTask ExecuteResilientAsync(
        Func<ClientCall<TRequest, TResponse>, RentedFrame, ResilienceContext, ValueTask> attempt, RentedFrame frame)
    {
        var context = ResilienceContextPool.Shared.Get(_cancellation.Token);
        try
        {
            context.Properties.Set(GrpcChannel.RetryableKey, _channel.IsIdempotent(_method, _options));
            var outcome = await _channel.Pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        await state.attempt(state.call, state.frame, ctx).ConfigureAwait(false);
                        return Outcome.FromResult<object>(state.call);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<object>(ex);
                    }
                },
                context,
                (call: this, frame, attempt)).ConfigureAwait(false);
            outcome.ThrowIfException();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A retried attempt replaces the previous response; disposing it resets that stream if still open.</summary>
    private void ResetAttempt()
    {
        _response?.Dispose();
        _response = null;
        _reader = null;
        _trailersOnly = null;
    }

    private async Task SendAsync(HttpContent content)
    {
        ResetAttempt();
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
        var headers = response.Headers;
        var grpcStatus = GetHeader(headers, GrpcProtocol.StatusTrailer);
        if (response.StatusCode != HttpStatusCode.OK && grpcStatus is null)
        {
            // http-grpc-status-mapping.md: a non-gRPC answer (a proxy's 503, a 404 from the wrong port).
            var code = (int)response.StatusCode;
            throw new RpcException(new Status(GrpcProtocol.FromHttpStatus(code), $"Bad gRPC response. HTTP status code: {code}."));
        }

        if (grpcStatus is not null)
        {
            // Trailers-Only: the headers are the trailers, there is no body.
            var metadata = MetadataEncoding.FromHeaders(headers);
            _trailersOnly = (ParseStatus(grpcStatus, GetHeader(headers, GrpcProtocol.MessageTrailer)), metadata);
            HeadersKnown(headers);
            return;
        }

        var mediaType = GetHeader(response.Content.Headers, "Content-Type");
        if (!GrpcProtocol.IsGrpcContentType(mediaType))
        {
            mediaType = response.Content.Headers.ContentType?.MediaType;
            throw new RpcException(new Status(StatusCode.Unknown, $"Bad gRPC response. Content-Type '{mediaType}' is not application/grpc."));
        }

        _responseEncoding = GetHeader(headers, GrpcProtocol.EncodingHeader);
        if (!GrpcCompression.IsSupported(_responseEncoding))
        {
            throw new RpcException(new Status(StatusCode.Internal, $"The server used grpc-encoding '{_responseEncoding}', which was not offered."));
        }

        HeadersKnown(headers);
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

    /// <summary>The first value as received, without the validating parse (and its allocations) of TryGetValues.</summary>
    private static string? GetHeader(HttpHeaders headers, string name)
    {
        if (!headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value;
        }

        return null;
    }

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

    /// <summary>Ends the call once. Null trailers: those of the response (<see cref="_trailerSource"/>), read when asked for.</summary>
    private void Finish(Status status, Metadata? trailers)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        if (trailers is not null)
        {
            _trailers = trailers;
        }

        _status = status;
        HeadersKnown(null);
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
