using Google.Protobuf;
using Grpc.Core;
using SmePlatform.Interop.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>
/// The interop TestService server features (interop-test-descriptions.md, "Server") on grpc-dotnet, hosted with the
/// platform's own gRPC conventions; UnimplementedCall is deliberately not overridden (the base answers UNIMPLEMENTED).
/// </summary>
public sealed class InteropTestService : TestService.TestServiceBase
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    /// <summary>Handlers that saw their call cancelled by the client (RST_STREAM) or the deadline.</summary>
    private static int s_cancelledCalls;

    public static int CancelledCalls => Volatile.Read(ref s_cancelledCalls);

    public override Task<Empty> EmptyCall(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        ThrowIfEchoStatus(request.ResponseStatus);
        if (request.ExpectCompressed is { } expect && expect.Value != RequestWasCompressed(context))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Expected a {(expect.Value ? "compressed" : "uncompressed")} request."));
        }

        return new SimpleResponse { Payload = Zeros(request.ResponseSize) };
    }

    public override async Task StreamingOutputCall(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        ThrowIfEchoStatus(request.ResponseStatus);
        await WriteResponsesAsync(request, responseStream, context);
    }

    public override async Task<StreamingInputCallResponse> StreamingInputCall(IAsyncStreamReader<StreamingInputCallRequest> requestStream, ServerCallContext context)
    {
        try
        {
            var total = 0;
            await foreach (var request in requestStream.ReadAllAsync())
            {
                total += request.Payload?.Body.Length ?? 0;
            }

            return new StreamingInputCallResponse { AggregatedPayloadSize = total };
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            // The client reset the stream: grpc-dotnet fails the read (IOException or OperationCanceledException),
            // sometimes a moment before it cancels the call's token. What counts is that the token is cancelled.
            if (await CancelledAsync(context.CancellationToken))
            {
                Interlocked.Increment(ref s_cancelledCalls);
            }

            throw;
        }
    }

    public override async Task FullDuplexCall(IAsyncStreamReader<StreamingOutputCallRequest> requestStream, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        try
        {
            await foreach (var request in requestStream.ReadAllAsync())
            {
                ThrowIfEchoStatus(request.ResponseStatus);
                await WriteResponsesAsync(request, responseStream, context);
            }
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            // The client reset the stream: grpc-dotnet fails the read (IOException or OperationCanceledException),
            // sometimes a moment before it cancels the call's token. What counts is that the token is cancelled.
            if (await CancelledAsync(context.CancellationToken))
            {
                Interlocked.Increment(ref s_cancelledCalls);
            }

            throw;
        }
    }

    /// <summary>Whether <paramref name="token"/> is, or within 5 s becomes, cancelled.</summary>
    private static async Task<bool> CancelledAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Set by the test server's middleware: the compressed flag of the first request message on the wire.</summary>
    private static bool RequestWasCompressed(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(InteropServerFixture.FirstFlagItem, out var flag) && flag is (byte)1;

    private static async Task WriteResponsesAsync(StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> responseStream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), context.CancellationToken);
            }

            await responseStream.WriteAsync(new StreamingOutputCallResponse { Payload = Zeros(parameters.Size) });
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { EchoInitialKey, initial } });
        }

        if (context.RequestHeaders.GetValueBytes(EchoTrailingKey) is { } trailing)
        {
            context.ResponseTrailers.Add(EchoTrailingKey, trailing);
        }
    }

    private static void ThrowIfEchoStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };
}
