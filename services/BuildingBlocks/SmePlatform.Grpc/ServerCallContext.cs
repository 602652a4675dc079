using System.Net.Sockets;
using System.Security.Claims;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using SmePlatform.Grpc.Server;

namespace SmePlatform.Grpc;

/// <summary>
/// What a handler knows about its call: metadata, deadline, cancellation, and the response headers,
/// trailers and status it may set. Mirrors Grpc.Core's ServerCallContext.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The call handler disposes the deadline sources when the call ends; handlers must not.")]
public sealed class ServerCallContext
{
    private readonly HttpContext _httpContext;
    private readonly GrpcServerOptions _options;
    private readonly CancellationTokenSource? _deadlineSource;
    private CancellationTokenRegistration _abortRegistration;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Metadata? _pendingResponseHeaders;
    private bool _responseHeadersPrepared;
    private bool _messageWritten;

    internal ServerCallContext(HttpContext httpContext, MethodDescriptor method, GrpcServerOptions options, string? requestEncoding)
    {
        _httpContext = httpContext;
        _options = options;
        MethodDescriptor = method;
        RequestEncoding = requestEncoding;
        Method = httpContext.Request.Path.Value ?? "/" + method.Service.FullName + "/" + method.Name;

        // The deadline is a cancellation the handler sees through CancellationToken, like a client's RST_STREAM.
        // Timeouts beyond what a timer holds (~49 days) are as good as none. One source per call (its timer is the
        // deadline; RequestAborted cancels it through a registration), rather than a timer source plus a linked one.
        if (GrpcProtocol.TryParseTimeout(httpContext.Request.Headers[GrpcProtocol.TimeoutHeader], out var timeout)
            && timeout.TotalMilliseconds < uint.MaxValue - 1)
        {
            Deadline = DateTime.UtcNow + timeout;
            _deadlineSource = new CancellationTokenSource(timeout);
            _abortRegistration = httpContext.RequestAborted.UnsafeRegister(
                static state => ((CancellationTokenSource)state!).Cancel(), _deadlineSource);
            CancellationToken = _deadlineSource.Token;
        }
        else
        {
            Deadline = DateTime.MaxValue;
            CancellationToken = httpContext.RequestAborted;
        }
    }

    /// <summary>"/package.Service/Method".</summary>
    public string Method { get; }

    public MethodDescriptor MethodDescriptor { get; }

    public string Host => _httpContext.Request.Host.Value ?? string.Empty;

    /// <summary>The caller's address in gRPC's URI form, e.g. "ipv4:127.0.0.1:50123".</summary>
    public string Peer
    {
        get
        {
            var connection = _httpContext.Connection;
            if (connection.RemoteIpAddress is null)
            {
                return "unknown";
            }

            return connection.RemoteIpAddress.AddressFamily == AddressFamily.InterNetworkV6
                ? $"ipv6:[{connection.RemoteIpAddress}]:{connection.RemotePort}"
                : $"ipv4:{connection.RemoteIpAddress}:{connection.RemotePort}";
        }
    }

    /// <summary>UTC deadline from grpc-timeout; <see cref="DateTime.MaxValue"/> when the caller set none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the caller cancels (RST_STREAM), disconnects, or the deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The caller's custom metadata (-bin values already decoded), without the protocol's own headers.</summary>
    public Metadata RequestHeaders => _requestHeaders ??= MetadataEncoding.FromHeaders(_httpContext.Request.Headers);

    /// <summary>Metadata sent after the response messages, with the status.</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>The status to end with when the handler returns normally (an exception overrides it).</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    public ClaimsPrincipal User => _httpContext.User;

    internal string? RequestEncoding { get; }

    /// <summary>
    /// The deadline's source also carries the caller's reset, so it only counts as the deadline when the
    /// caller did not reset the stream first, or the deadline had passed anyway.
    /// </summary>
    internal bool DeadlineExceeded =>
        _deadlineSource?.IsCancellationRequested == true
        && (!_httpContext.RequestAborted.IsCancellationRequested || DateTime.UtcNow >= Deadline);

    internal int MaxSendMessageSize => _options.MaxSendMessageSize;

    internal int MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    public HttpContext GetHttpContext() => _httpContext;

    /// <summary>Sends the response headers now (before any message). Allowed once, before the first message.</summary>
    public async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (_httpContext.Response.HasStarted)
        {
            throw new InvalidOperationException("Response headers have already been sent.");
        }

        _pendingResponseHeaders = responseHeaders;
        PrepareResponseHeaders();
        await _httpContext.Response.StartAsync(CancellationToken).ConfigureAwait(false);
        await _httpContext.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one framed response message and flushes it as DATA.</summary>
    internal async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PrepareResponseHeaders();
        var writer = _httpContext.Response.BodyWriter;
        GrpcFraming.WriteMessage(writer, message, _options.MaxSendMessageSize);
        _messageWritten = true;
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            // The stream is gone (client reset); there is no one left to write to.
            throw new OperationCanceledException(CancellationToken);
        }
    }

    /// <summary>
    /// Writes the only response message of a unary or client-streaming call without flushing it: when the handler
    /// returns, Kestrel sends HEADERS, DATA and the trailers' HEADERS in one write, instead of one write for the
    /// headers and the message and another for the trailers. Large messages are flushed as they go.
    /// </summary>
    internal ValueTask WriteSingleMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PrepareResponseHeaders();
        var writer = _httpContext.Response.BodyWriter;
        GrpcFraming.WriteMessage(writer, message, _options.MaxSendMessageSize);
        _messageWritten = true;
        return writer.UnflushedBytes > GrpcFraming.ContiguousWriteLimit
            ? FlushAsync(writer, cancellationToken)
            : ValueTask.CompletedTask;
    }

    private async ValueTask FlushAsync(System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            throw new OperationCanceledException(CancellationToken);
        }
    }

    /// <summary>
    /// Ends the call: status and trailers in HTTP/2 trailers, or, when nothing was sent yet, one
    /// Trailers-Only HEADERS frame (the status rides in the headers and Kestrel sets END_STREAM).
    /// </summary>
    internal void Complete(Status status, Metadata? extraTrailers)
    {
        var response = _httpContext.Response;
        if (!response.HasStarted && !_messageWritten)
        {
            PrepareResponseHeaders();
            var headers = response.Headers;
            headers[GrpcProtocol.StatusTrailer] = StatusValue(status.StatusCode);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers[GrpcProtocol.MessageTrailer] = GrpcProtocol.PercentEncode(status.Detail);
            }

            AppendHeaders(headers, _responseTrailers);
            AppendHeaders(headers, extraTrailers);
            return;
        }

        if (!response.SupportsTrailers())
        {
            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusTrailer, StatusValue(status.StatusCode));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, GrpcProtocol.PercentEncode(status.Detail));
        }

        AppendTrailers(response, _responseTrailers);
        AppendTrailers(response, extraTrailers);
    }

    internal void DisposeDeadline()
    {
        _abortRegistration.Dispose();
        _deadlineSource?.Dispose();
    }

    private void PrepareResponseHeaders()
    {
        if (_responseHeadersPrepared)
        {
            return;
        }

        _responseHeadersPrepared = true;
        var response = _httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        // We always send identity; advertise what we accept so clients may compress requests.
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcCompression.AcceptEncoding;
        AppendHeaders(response.Headers, _pendingResponseHeaders);
    }

    // Plain loops rather than a shared helper taking a lambda: that closure was allocated on every call.
    private static void AppendHeaders(IHeaderDictionary headers, Metadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var entry in metadata)
        {
            if (!MetadataEncoding.IsReserved(entry.Key))
            {
                headers.Append(entry.Key, entry.Value);
            }
        }
    }

    private static void AppendTrailers(HttpResponse response, Metadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var entry in metadata)
        {
            if (!MetadataEncoding.IsReserved(entry.Key))
            {
                response.AppendTrailer(entry.Key, entry.Value);
            }
        }
    }

    private static string StatusValue(StatusCode code) => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
