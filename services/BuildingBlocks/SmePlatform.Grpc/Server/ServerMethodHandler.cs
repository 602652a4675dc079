using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmePlatform.Grpc.Server;

/// <summary>
/// Serves one method: checks the request is gRPC, runs the handler under the call's deadline, and always
/// ends with a status. One instance per method, built at startup; nothing per call but the call itself.
/// </summary>
internal abstract class ServerMethodHandler(MethodDescriptor method, GrpcServerOptions options, ILogger logger)
{
    public MethodDescriptor Method { get; } = method;

    protected GrpcServerOptions Options { get; } = options;

    public async Task HandleAsync(HttpContext httpContext)
    {
        if (!TryAcceptRequest(httpContext, out var encoding))
        {
            return;
        }

        // Kestrel's body limits are for HTTP requests; a gRPC stream is bounded per message instead.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }

        if (Method.IsClientStreaming && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }

        var call = new ServerCallContext(httpContext, Method, Options, encoding);
        var activity = GrpcTelemetry.StartServer(Method, httpContext.Request.Headers);
        Status status;
        Metadata? extraTrailers = null;
        try
        {
            await InvokeAsync(httpContext, call).ConfigureAwait(false);
            status = call.DeadlineExceeded ? DeadlineStatus : call.Status;
        }
        catch (Exception ex) when (call.DeadlineExceeded && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            status = DeadlineStatus;
        }
        catch (Exception ex) when (httpContext.RequestAborted.IsCancellationRequested && ex is not RpcException)
        {
            // The caller reset the stream: nobody will read the status, but the span should say why.
            status = new Status(StatusCode.Cancelled, "The call was cancelled by the client.");
        }
        catch (Exception ex)
        {
            (status, extraTrailers, var unexpected) = ExceptionStatusMapper.Map(ex, Options);
            if (unexpected)
            {
                logger.LogError(ex, "gRPC method {GrpcMethod} failed", call.Method);
            }
        }
        finally
        {
            call.DisposeDeadline();
        }

        try
        {
            call.Complete(status, extraTrailers);
        }
        catch (Exception ex) when (httpContext.RequestAborted.IsCancellationRequested || ex is InvalidOperationException)
        {
            // The stream is already closed; there is nowhere to send the status.
        }

        GrpcTelemetry.Stop(activity, status.StatusCode, isServer: true);
    }

    protected abstract Task InvokeAsync(HttpContext httpContext, ServerCallContext call);

    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline exceeded.");

    /// <summary>
    /// The checks that come before any handler: HTTP/2, a gRPC content-type, a known message encoding.
    /// Failures answer at once (HTTP 415/426, or a Trailers-Only status).
    /// </summary>
    internal static bool TryAcceptRequest(HttpContext httpContext, out string? encoding)
    {
        encoding = null;
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            // PROTOCOL-HTTP2.md: so that a non-gRPC client never mistakes a gRPC error (HTTP 200) for success.
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            response.Headers[GrpcProtocol.StatusTrailer] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers[GrpcProtocol.MessageTrailer] = "Content-Type must be application/grpc.";
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Upgrade = "h2c";
            response.Headers[GrpcProtocol.StatusTrailer] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers[GrpcProtocol.MessageTrailer] = GrpcProtocol.PercentEncode($"gRPC requires HTTP/2; the request used {request.Protocol}.");
            return false;
        }

        if (!GrpcProtocol.IsProtoContentType(request.ContentType!))
        {
            WriteTrailersOnly(httpContext, new Status(StatusCode.Unimplemented, $"Content-Type '{request.ContentType}' is not supported; this server speaks application/grpc+proto."));
            return false;
        }

        encoding = request.Headers[GrpcProtocol.EncodingHeader];
        if (!GrpcCompression.IsSupported(encoding))
        {
            // compression.md: UNIMPLEMENTED, and say what we do accept.
            response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcCompression.AcceptEncoding;
            WriteTrailersOnly(httpContext, new Status(StatusCode.Unimplemented, $"Message encoding '{encoding}' is not supported."));
            return false;
        }

        return true;
    }

    internal static void WriteTrailersOnly(HttpContext httpContext, Status status)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusTrailer] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.Headers[GrpcProtocol.MessageTrailer] = GrpcProtocol.PercentEncode(status.Detail);
        }
    }
}

/// <summary>The handler instance per call: from DI when registered there, else constructed (and disposed) by us.</summary>
internal abstract class ServerMethodHandler<TService, TRequest, TResponse>(
    MethodDescriptor method, GrpcServerOptions options, ILogger logger)
    : ServerMethodHandler(method, options, logger)
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private static readonly ObjectFactory ServiceFactory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    /// <summary>
    /// A handler class that is not registered in DI and whose only constructor takes nothing is built with
    /// <c>new</c>: asking <c>RequestServices</c> would create (and dispose) a DI scope per call for nothing.
    /// </summary>
    private static readonly bool ParameterlessOnly =
        typeof(TService).GetConstructors() is [{ } only] && only.GetParameters().Length == 0;

    private readonly MessageParser<TRequest> _parser = (MessageParser<TRequest>)method.InputType.Parser;

    /// <summary>0: not decided yet; 1: resolve from RequestServices; 2: construct without DI.</summary>
    private int _serviceSource;

    protected sealed override Task InvokeAsync(HttpContext httpContext, ServerCallContext call)
    {
        var source = _serviceSource;
        if (source == 0)
        {
            var isService = httpContext.RequestServices.GetService<IServiceProviderIsService>()?.IsService(typeof(TService)) ?? true;
            _serviceSource = source = isService || !ParameterlessOnly ? 1 : 2;
        }

        TService? service = null;
        if (source == 1)
        {
            service = httpContext.RequestServices.GetService<TService>();
        }

        if (service is not null)
        {
            return InvokeAsync(httpContext, call, service);
        }

        service = source == 2 ? Activator.CreateInstance<TService>() : (TService)ServiceFactory(httpContext.RequestServices, null);
        return service is IAsyncDisposable or IDisposable
            ? InvokeAndDisposeAsync(httpContext, call, service)
            : InvokeAsync(httpContext, call, service);
    }

    private async Task InvokeAndDisposeAsync(HttpContext httpContext, ServerCallContext call, TService service)
    {
        try
        {
            await InvokeAsync(httpContext, call, service).ConfigureAwait(false);
        }
        finally
        {
            if (service is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (service is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    protected abstract Task InvokeAsync(HttpContext httpContext, ServerCallContext call, TService service);

    /// <summary>Unary and server-streaming calls carry exactly one request message, then END_STREAM.</summary>
    protected async Task<TRequest> ReadSingleRequestAsync(HttpContext httpContext, ServerCallContext call)
    {
        var reader = httpContext.Request.BodyReader;
        var request = await ReadAsync(reader, call).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request ended without a message."));
        if (await ReadAsync(reader, call).ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The request carried more than one message for a method that takes one."));
        }

        return request;
    }

    protected ValueTask<TRequest?> ReadAsync(PipeReader reader, ServerCallContext call) =>
        ReadAsync(reader, call, call.CancellationToken);

    /// <summary>
    /// Reads the next request message. When the client resets the stream Kestrel fails the read with an
    /// IOException; the handler sees it as what it is, a cancellation of its call.
    /// </summary>
    private async ValueTask<TRequest?> ReadAsync(PipeReader reader, ServerCallContext call, CancellationToken cancellationToken)
    {
        try
        {
            return await GrpcFraming.ReadMessageAsync(reader, _parser, call.MaxReceiveMessageSize, call.RequestEncoding, cancellationToken).ConfigureAwait(false);
        }
        // Kestrel may fail the read before it signals RequestAborted, so an IOException from the body counts as the
        // client's cancellation even when the token has not flipped yet (seen under load in CI).
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException
            && (ex is IOException || call.CancellationToken.IsCancellationRequested))
        {
            throw new OperationCanceledException("The client cancelled the call.", ex, call.CancellationToken);
        }
    }

    /// <summary>The one reply of a unary or client-streaming call, unless the handler already set a failing status or
    /// the deadline passed (then the trailers carry the status alone). Not async itself: no extra state machine on the unary hot path.</summary>
    protected static ValueTask WriteSingleResponseAsync(ServerCallContext call, TResponse? response)
    {
        if (response is null)
        {
            throw new InvalidOperationException($"{call.Method} returned a null response.");
        }

        return call.Status.StatusCode == StatusCode.OK && !call.DeadlineExceeded
            ? call.WriteSingleMessageAsync(response, call.CancellationToken)
            : ValueTask.CompletedTask;
    }

    protected IAsyncStreamReader<TRequest> CreateRequestReader(HttpContext httpContext, ServerCallContext call) =>
        new RequestStreamReader(this, httpContext.Request.BodyReader, call);

    protected static IServerStreamWriter<TResponse> CreateResponseWriter(ServerCallContext call) => new ResponseStreamWriter(call);

    private sealed class RequestStreamReader(ServerMethodHandler<TService, TRequest, TResponse> owner, PipeReader reader, ServerCallContext call)
        : IAsyncStreamReader<TRequest>
    {
        private TRequest? _current;

        public TRequest Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

        public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
        {
            if (cancellationToken.CanBeCanceled)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken);
                _current = await owner.ReadAsync(reader, call, linked.Token).ConfigureAwait(false);
            }
            else
            {
                _current = await owner.ReadAsync(reader, call, call.CancellationToken).ConfigureAwait(false);
            }

            return _current is not null;
        }
    }

    private sealed class ResponseStreamWriter(ServerCallContext call) : IServerStreamWriter<TResponse>
    {
        public Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(message);
            return call.WriteMessageAsync(message, cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken);
        }
    }
}

internal sealed class UnaryMethodHandler<TService, TRequest, TResponse>(
    MethodDescriptor method, GrpcServerOptions options, ILogger logger, System.Reflection.MethodInfo handler)
    : ServerMethodHandler<TService, TRequest, TResponse>(method, options, logger)
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, TRequest, ServerCallContext, Task<TResponse>> _invoke =
        handler.CreateDelegate<Func<TService, TRequest, ServerCallContext, Task<TResponse>>>();

    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext call, TService service)
    {
        var request = await ReadSingleRequestAsync(httpContext, call).ConfigureAwait(false);
        await WriteSingleResponseAsync(call, await _invoke(service, request, call).ConfigureAwait(false)).ConfigureAwait(false);
    }
}

internal sealed class ServerStreamingMethodHandler<TService, TRequest, TResponse>(
    MethodDescriptor method, GrpcServerOptions options, ILogger logger, System.Reflection.MethodInfo handler)
    : ServerMethodHandler<TService, TRequest, TResponse>(method, options, logger)
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> _invoke =
        handler.CreateDelegate<Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();

    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext call, TService service)
    {
        var request = await ReadSingleRequestAsync(httpContext, call).ConfigureAwait(false);
        await _invoke(service, request, CreateResponseWriter(call), call).ConfigureAwait(false);
    }
}

internal sealed class ClientStreamingMethodHandler<TService, TRequest, TResponse>(
    MethodDescriptor method, GrpcServerOptions options, ILogger logger, System.Reflection.MethodInfo handler)
    : ServerMethodHandler<TService, TRequest, TResponse>(method, options, logger)
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> _invoke =
        handler.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>>>();

    protected override async Task InvokeAsync(HttpContext httpContext, ServerCallContext call, TService service)
    {
        var response = await _invoke(service, CreateRequestReader(httpContext, call), call).ConfigureAwait(false);
        await WriteSingleResponseAsync(call, response).ConfigureAwait(false);
    }
}

internal sealed class DuplexStreamingMethodHandler<TService, TRequest, TResponse>(
    MethodDescriptor method, GrpcServerOptions options, ILogger logger, System.Reflection.MethodInfo handler)
    : ServerMethodHandler<TService, TRequest, TResponse>(method, options, logger)
    where TService : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> _invoke =
        handler.CreateDelegate<Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task>>();

    protected override Task InvokeAsync(HttpContext httpContext, ServerCallContext call, TService service) =>
        _invoke(service, CreateRequestReader(httpContext, call), CreateResponseWriter(call), call);
}
