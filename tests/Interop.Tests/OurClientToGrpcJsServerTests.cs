using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SmePlatform.Interop.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>Direction (b): grpc-dotnet's client, configured as the platform's clients are (4 MB each way), calls the grpc-js server (node/server.js).</summary>
public sealed class OurClientToGrpcJsServerTests : IClassFixture<NodeServerFixture>, IDisposable
{
    private const int FourMegabytes = 4 * 1024 * 1024;
    private const string EchoInitial = InteropTestService.EchoInitialKey;
    private const string EchoTrailing = InteropTestService.EchoTrailingKey;

    private readonly NodeServerFixture _server;
    private readonly GrpcChannel _channel;
    private readonly TestService.TestServiceClient _client;

    public OurClientToGrpcJsServerTests(NodeServerFixture server)
    {
        _server = server;
        _channel = Channel(server.Address);
        _client = new TestService.TestServiceClient(_channel);
    }

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Empty_unary()
    {
        using var call = _client.EmptyCallAsync(new Empty());

        var response = await call;

        Assert.Equal(0, response.CalculateSize());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Large_unary()
    {
        var response = await _client.UnaryCallAsync(LargeRequest());

        Assert.Equal(314159, response.Payload.Body.Length);
        Assert.All(response.Payload.Body, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Client_compressed_unary_sends_gzip_with_the_compressed_flag()
    {
        using var wire = new RequestCapture(new SocketsHttpHandler());
        using var channel = Channel(_server.Address, options => options.HttpHandler = wire);
        var client = new TestService.TestServiceClient(channel);

        // grpc-dotnet compresses a call's request when this header names a configured provider (gzip is built in).
        var compressed = await client.UnaryCallAsync(LargeRequest(expectCompressed: true), new Metadata { { "grpc-internal-encoding-request", "gzip" } });
        Assert.Equal("gzip", wire.LastEncoding);
        Assert.Equal(1, wire.LastFirstByte);
        Assert.True(wire.LastBodyLength < 10_000, $"271828 zero bytes should gzip to little, sent {wire.LastBodyLength}");
        Assert.Equal(314159, compressed.Payload.Body.Length);

        var plain = await client.UnaryCallAsync(LargeRequest(expectCompressed: false));
        Assert.Null(wire.LastEncoding);
        Assert.Equal(0, wire.LastFirstByte);
        Assert.Equal(314159, plain.Payload.Body.Length);
    }

    [Fact]
    public async Task Client_streaming()
    {
        using var call = _client.StreamingInputCall();
        foreach (var size in new[] { 27182, 8, 1828, 45904 })
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = Zeros(size) });
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal(74922, (await call).AggregatedPayloadSize);
    }

    [Fact]
    public async Task Server_streaming()
    {
        int[] sizes = [31415, 9, 2653, 58979];
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(sizes.Select(s => new ResponseParameters { Size = s }));

        var received = new List<int>();
        using var call = _client.StreamingOutputCall(request);
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            received.Add(response.Payload.Body.Length);
        }

        Assert.Equal(sizes, received);
    }

    [Fact]
    public async Task Server_streaming_of_10000_messages()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(Enumerable.Range(0, 10_000).Select(i => new ResponseParameters { Size = i % 100 }));

        using var call = _client.StreamingOutputCall(request);
        var count = 0;
        while (await call.ResponseStream.MoveNext())
        {
            Assert.Equal(count % 100, call.ResponseStream.Current.Payload.Body.Length);
            count++;
        }

        Assert.Equal(10_000, count);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Ping_pong()
    {
        (int Response, int Request)[] steps = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)];
        using var call = _client.FullDuplexCall();
        foreach (var (responseSize, requestSize) in steps)
        {
            await call.RequestStream.WriteAsync(DuplexRequest(responseSize, requestSize));
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(responseSize, call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Empty_stream()
    {
        using var call = _client.FullDuplexCall();

        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Custom_metadata_is_echoed_in_headers_and_trailers()
    {
        using var unary = _client.UnaryCallAsync(LargeRequest(), new CallOptions(EchoMetadata()));
        Assert.Equal(314159, (await unary).Payload.Body.Length);
        Assert.Equal("test_initial_metadata_value", (await unary.ResponseHeadersAsync).GetValue(EchoInitial));
        Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, unary.GetTrailers().GetValueBytes(EchoTrailing));

        using var duplex = _client.FullDuplexCall(new CallOptions(EchoMetadata()));
        await duplex.RequestStream.WriteAsync(DuplexRequest(314159, 271828));
        await duplex.RequestStream.CompleteAsync();
        Assert.True(await duplex.ResponseStream.MoveNext());
        Assert.Equal(314159, duplex.ResponseStream.Current.Payload.Body.Length);
        Assert.False(await duplex.ResponseStream.MoveNext());
        Assert.Equal("test_initial_metadata_value", (await duplex.ResponseHeadersAsync).GetValue(EchoInitial));
        Assert.Equal(new byte[] { 0xab, 0xab, 0xab }, duplex.GetTrailers().GetValueBytes(EchoTrailing));
    }

    [Fact]
    public async Task Status_code_and_message()
    {
        var echo = new EchoStatus { Code = 2, Message = "test status message" };

        var unary = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { ResponseStatus = echo }).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, unary.StatusCode);
        Assert.Equal("test status message", unary.Status.Detail);

        using var duplex = _client.FullDuplexCall();
        await duplex.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = echo });
        await duplex.RequestStream.CompleteAsync();
        var streamed = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Unknown, streamed.StatusCode);
        Assert.Equal("test status message", streamed.Status.Detail);
    }

    [Theory]
    [InlineData(2, "\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \U0001F608\t\n")]
    [InlineData(5, "企业未找到 ✓ (100% sure)")]
    public async Task Special_and_non_ascii_status_messages_arrive_intact(int code, string message)
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = code, Message = message } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(request).ResponseAsync);

        Assert.Equal((StatusCode)code, error.StatusCode);
        Assert.Equal(message, error.Status.Detail);
    }

    [Fact]
    public async Task Unimplemented_method()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UnimplementedCallAsync(new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Unimplemented_service()
    {
        var other = new UnimplementedService.UnimplementedServiceClient(_channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => other.UnimplementedCallAsync(new Empty()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Cancel_after_begin()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _client.StreamingInputCall(new CallOptions(cancellationToken: cancellation.Token));

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Cancel_after_first_response()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _client.FullDuplexCall(new CallOptions(cancellationToken: cancellation.Token));
        await call.RequestStream.WriteAsync(DuplexRequest(31415, 27182));
        Assert.True(await call.ResponseStream.MoveNext());

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public async Task Timeout_on_sleeping_server(int milliseconds)
    {
        using var call = _client.FullDuplexCall(new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(milliseconds)));
        try
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = Zeros(27182) });
        }
        catch (RpcException)
        {
            // With 1 ms the deadline may pass before the write; the status below is what counts.
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Deadline_exceeded_mid_stream()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 10 });
        request.ResponseParameters.Add(new ResponseParameters { Size = 10, IntervalUs = 5_000_000 });
        var stopwatch = Stopwatch.StartNew();

        // The first message must arrive within the deadline, the second (5 s later) after it: 2.5 s leaves a loaded
        // machine time for the first, and the call must end well before the second would come.
        using var call = _client.StreamingOutputCall(request, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(2_500)));

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4.5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Large_messages_near_the_4MB_limit()
    {
        const int size = FourMegabytes - 64;

        var response = await _client.UnaryCallAsync(new SimpleRequest { ResponseSize = size, Payload = Zeros(size) });

        Assert.Equal(size, response.Payload.Body.Length);
    }

    [Fact]
    public async Task Over_limit_response_is_resource_exhausted_at_our_client()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _client.UnaryCallAsync(new SimpleRequest { ResponseSize = FourMegabytes + 1 }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Over_limit_request_is_resource_exhausted_locally_and_at_the_grpc_js_server()
    {
        var request = new SimpleRequest { ResponseSize = 1, Payload = Zeros(FourMegabytes + 1) };

        var local = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, local.StatusCode);

        using var permissive = Channel(_server.Address, options => options.MaxSendMessageSize = 8 * 1024 * 1024);
        var remote = await Assert.ThrowsAsync<RpcException>(() => new TestService.TestServiceClient(permissive).UnaryCallAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, remote.StatusCode);
    }

    [Fact]
    public async Task Health_check()
    {
        var health = new Health.HealthClient(_channel);

        var overall = await health.CheckAsync(new HealthCheckRequest());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static SimpleRequest LargeRequest(bool? expectCompressed = null)
    {
        var request = new SimpleRequest { ResponseSize = 314159, Payload = Zeros(271828) };
        if (expectCompressed is { } expect)
        {
            request.ExpectCompressed = new BoolValue { Value = expect };
        }

        return request;
    }

    private static StreamingOutputCallRequest DuplexRequest(int responseSize, int requestSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(requestSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }

    private static Metadata EchoMetadata() =>
        new() { { EchoInitial, "test_initial_metadata_value" }, { EchoTrailing, new byte[] { 0xab, 0xab, 0xab } } };

    /// <summary>A channel with the platform's message limits: 4 MB each way (grpc-dotnet's own send limit is none).</summary>
    private static GrpcChannel Channel(Uri address, Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = FourMegabytes, MaxSendMessageSize = FourMegabytes };
        configure?.Invoke(options);
        return GrpcChannel.ForAddress(address, options);
    }

    private static Payload Zeros(int size) => new() { Type = PayloadType.Compressable, Body = ByteString.CopyFrom(new byte[size]) };

    /// <summary>Looks at the request as it goes on the wire: its grpc-encoding and the compressed flag byte.</summary>
    private sealed class RequestCapture(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public string? LastEncoding { get; private set; }

        public int LastFirstByte { get; private set; } = -1;

        public int LastBodyLength { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastEncoding = request.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            LastFirstByte = body[0];
            LastBodyLength = body.Length;
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
