using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// What a handler did not mean to throw becomes INTERNAL "An internal error occurred." and an error in the log (grpc-dotnet
/// would answer UNKNOWN); a database outage becomes UNAVAILABLE (retry later) and one warning line. A handler's own RpcException, and the cancellation of a call whose caller left or whose
/// deadline passed, go through untouched: grpc-dotnet already answers those right.
/// </summary>
internal sealed partial class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    public const string GenericMessage = "An internal error occurred.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (IsUnexpected(exception, context))
        {
            throw Internal(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (IsUnexpected(exception, context))
        {
            throw Internal(exception, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (IsUnexpected(exception, context))
        {
            throw Internal(exception, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (IsUnexpected(exception, context))
        {
            throw Internal(exception, context);
        }
    }

    private static bool IsUnexpected(Exception exception, ServerCallContext context) =>
        exception is not RpcException && !(exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested);

    private RpcException Internal(Exception exception, ServerCallContext context)
    {
        if (DependencyOutage.Is(exception))
        {
            DatabaseUnavailable(logger, context.Method, DependencyOutage.Reason(exception));
            return new RpcException(new Status(StatusCode.Unavailable, $"{DependencyOutage.Title} {DependencyOutage.Detail}"));
        }

        HandlerFailed(logger, exception, context.Method);
        return new RpcException(new Status(StatusCode.Internal, GenericMessage));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC {Method}: database unavailable ({Reason})")]
    private static partial void DatabaseUnavailable(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC {Method} failed")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string method);
}
