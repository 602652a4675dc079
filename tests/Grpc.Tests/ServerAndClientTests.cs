using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Polly.CircuitBreaker;
using SmePlatform.Grpc.Client;
using SmePlatform.Grpc.Server;
using SmePlatform.Grpc.Tests.Probe;

namespace SmePlatform.Grpc.Tests;

/// <summary>Our client against our server on a real loopback socket.</summary>
public sealed class ServerAndClientTests(ProbeServerFixture server) : IClassFixture<ProbeServerFixture>
{
    private GrpcClient Client(GrpcChannelOptions? options = null) =>
        new(GrpcChannel.ForAddress(server.Address, options), ProbeReflection.Descriptor.Services[0]);

    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Unary_carries_metadata_bearer_token_and_deadline()
    {
        var client = Client(new GrpcChannelOptions { BearerTokenProvider = _ => ValueTask.FromResult<string?>("token-123") });
        var headers = new Metadata().Add("x-probe", "hello").Add("x-blob-bin", [0, 1, 254, 255]);

        using var call = client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "hi", Key = NewKey() },
            new CallOptions(headers, DateTime.UtcNow.AddSeconds(5)));
        var reply = await call;

        Assert.Equal("hi", reply.Text);
        Assert.Equal("hello", reply.ProbeHeader);
        Assert.Equal("Bearer token-123", reply.Authorization);
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, reply.BinaryHeader.ToByteArray());
        Assert.InRange(reply.DeadlineInMs, 3000, 5000);
        Assert.Equal("1", call.GetTrailers().GetValue("x-attempt"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Every_call_gets_the_default_deadline()
    {
        var client = Client(new GrpcChannelOptions { DefaultTimeout = TimeSpan.FromSeconds(7) });

        var reply = await client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Key = NewKey() });

        Assert.InRange(reply.DeadlineInMs, 5000, 7000);
    }

    [Theory]
    [InlineData("notfound", StatusCode.NotFound, "Enterprise 42 was not found.")]
    [InlineData("argument", StatusCode.InvalidArgument, "must be 18 characters")]
    [InlineData("denied", StatusCode.PermissionDenied, "Permission denied.")]
    [InlineData("boom", StatusCode.Internal, "An internal error occurred.")]
    [InlineData("rpc", StatusCode.AlreadyExists, "已存在")]
    [InlineData("status", StatusCode.FailedPrecondition, "set, not thrown")]
    public async Task Handler_failures_arrive_as_status_codes(string failWith, StatusCode code, string detail)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "42", FailWith = failWith, Key = NewKey() }).ResponseAsync);

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
    }

    [Fact]
    public async Task Validation_details_reach_the_client()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { FailWith = "validation", Key = NewKey() }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetBadRequest()!.FieldViolations);
        Assert.Equal("name", violation.Field);
        Assert.Equal("required", violation.Description);
    }

    [Fact]
    public async Task Rpc_exception_trailers_reach_the_client()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { FailWith = "rpc", Key = NewKey() }).ResponseAsync);

        Assert.Equal("42", error.Trailers.GetValue("x-existing-id"));
    }

    [Fact]
    public async Task Gzip_requests_are_accepted()
    {
        var client = Client(new GrpcChannelOptions { CompressRequests = true });
        var text = new string('压', 50_000);

        var reply = await client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = text, Key = NewKey() });

        Assert.Equal(text, reply.Text);
    }

    [Fact]
    public async Task Server_streaming_and_client_streaming()
    {
        var client = Client();

        var streamed = new List<string>();
        await foreach (var reply in client.ServerStreamingAsync<ProbeRequest, ProbeReply>("Count", new ProbeRequest { Count = 1000 }))
        {
            streamed.Add(reply.Text);
        }

        using var sum = client.ClientStreaming<ProbeRequest, ProbeReply>("Sum");
        for (var i = 1; i <= 100; i++)
        {
            await sum.RequestStream.WriteAsync(new ProbeRequest { Count = i });
        }

        await sum.RequestStream.CompleteAsync();

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), streamed);
        Assert.Equal("5050", (await sum).Text);
    }

    [Fact]
    public async Task The_server_enforces_grpc_timeout_and_cancels_the_handler()
    {
        var key = NewKey();
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Echo", new ProbeRequest { DelayMs = 10_000, Key = key });
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");
        var stopwatch = Stopwatch.StartNew();

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // Without a client-side deadline in play, the DEADLINE_EXCEEDED can only come from the server.
        Assert.Equal("4", GrpcStatusOf(response));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.True(ProbeService.WasCancelled(key));
    }

    [Fact]
    public async Task Client_cancellation_resets_the_stream_and_cancels_the_handler()
    {
        var key = NewKey();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client().UnaryAsync<ProbeRequest, ProbeReply>(
            "Echo", new ProbeRequest { DelayMs = 10_000, Key = key }, new CallOptions(CancellationToken: cancellation.Token)).ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(await Eventually(() => ProbeService.WasCancelled(key)), "the handler's token was never cancelled");
    }

    [Fact]
    public async Task The_client_deadline_gives_deadline_exceeded()
    {
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client().UnaryAsync<ProbeRequest, ProbeReply>(
            "Echo", new ProbeRequest { DelayMs = 10_000, Key = NewKey() }, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300))).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Early_errors_are_trailers_only()
    {
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Echo", new ProbeRequest { FailWith = "notfound", Text = "企业", Key = NewKey() });

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("5", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("Enterprise %E4%BC%81%E4%B8%9A was not found.", response.Headers.GetValues("grpc-message").Single());
        Assert.Empty(body);
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task Successful_unary_has_headers_one_message_and_status_trailers()
    {
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Echo", new ProbeRequest { Text = "x", Key = NewKey() });

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.Equal(0, body[0]);
        Assert.Equal(body.Length - 5, (body[1] << 24) | (body[2] << 16) | (body[3] << 8) | body[4]);
        Assert.Equal("x", ProbeReply.Parser.ParseFrom(body.AsSpan(5)).Text);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task A_non_grpc_content_type_gets_415()
    {
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Echo", new ProbeRequest());
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_message_encoding_is_unimplemented_with_accept_encoding()
    {
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Echo", new ProbeRequest());
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(request);

        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        Assert.Contains("gzip", response.Headers.GetValues("grpc-accept-encoding").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_method_of_a_mapped_service_is_unimplemented()
    {
        using var http = RawHttp2Client();
        using var request = RawRequest("/smeplatform.grpctest.v1.Probe/Delete", new ProbeRequest());

        using var response = await http.SendAsync(request);

        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Idempotent_methods_are_retried_on_unavailable()
    {
        var key = NewKey();

        var reply = await Client().UnaryAsync<ProbeRequest, ProbeReply>("Lookup", new ProbeRequest { FailWith = "unavailable-2", Key = key, Text = "ok" });

        Assert.Equal("ok", reply.Text);
        Assert.Equal(3, ProbeService.AttemptsFor(key));
    }

    [Fact]
    public async Task Other_methods_are_not_retried_unless_the_call_says_so()
    {
        var key = NewKey();
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { FailWith = "unavailable-1", Key = key }).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1, ProbeService.AttemptsFor(key));

        var declared = NewKey();
        await Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { FailWith = "unavailable-1", Key = declared }, new CallOptions { Idempotent = true });
        Assert.Equal(2, ProbeService.AttemptsFor(declared));
    }

    [Fact]
    public async Task A_dead_target_gives_unavailable_quickly_then_opens_the_circuit()
    {
        var deadAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        using var channel = GrpcChannel.ForAddress(deadAddress, new GrpcChannelOptions
        {
            MaxRetryAttempts = 0,
            CircuitBreakerMinimumThroughput = 3,
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30),
        });
        var client = new GrpcClient(channel, ProbeReflection.Descriptor.Services[0]);
        var stopwatch = Stopwatch.StartNew();

        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        }

        var failFast = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest()).ResponseAsync);

        Assert.Equal(CircuitState.Open, channel.CircuitState);
        Assert.Equal(StatusCode.Unavailable, failFast.StatusCode);
        Assert.Contains("circuit", failFast.Status.Detail, StringComparison.OrdinalIgnoreCase);
        // Refused connections and an open circuit: nowhere near a deadline's wait, even on a loaded machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Client_and_server_spans_form_one_trace()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GrpcTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        var key = NewKey();

        await Client().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Key = key });
        parent.Stop();

        Activity[] mine;
        await Eventually(() => { lock (activities) { return activities.Count(a => a.TraceId == parent.TraceId) >= 2; } });
        lock (activities)
        {
            mine = activities.Where(a => a.TraceId == parent.TraceId).ToArray();
        }

        var client = Assert.Single(mine, a => a.Kind == ActivityKind.Client);
        var serverSpan = Assert.Single(mine, a => a.Kind == ActivityKind.Server);
        Assert.Equal("smeplatform.grpctest.v1.Probe/Echo", client.DisplayName);
        Assert.Equal("smeplatform.grpctest.v1.Probe/Echo", serverSpan.DisplayName);
        Assert.Equal(parent.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, serverSpan.ParentSpanId);
        foreach (var span in mine)
        {
            Assert.Equal("grpc", span.GetTagItem("rpc.system"));
            Assert.Equal("smeplatform.grpctest.v1.Probe", span.GetTagItem("rpc.service"));
            Assert.Equal("Echo", span.GetTagItem("rpc.method"));
            Assert.Equal(0, span.GetTagItem("rpc.grpc.status_code"));
        }
    }

    [Fact]
    public void Mapping_a_handler_that_misses_methods_fails_at_startup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpcServer();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGrpcService<IncompleteProbe>(ProbeReflection.Descriptor.Services[0]));

        Assert.Contains("smeplatform.grpctest.v1.Probe/Lookup has no handler", error.Message, StringComparison.Ordinal);
        Assert.Contains("IncompleteProbe.Echo has the wrong signature", error.Message, StringComparison.Ordinal);
        Assert.Contains("Task<ProbeReply> Echo(ProbeRequest, ServerCallContext)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_refuses_a_method_of_another_shape()
    {
        var client = Client();

        Assert.Throws<ArgumentException>(() => client.UnaryAsync<ProbeRequest, ProbeReply>("Count", new ProbeRequest()));
        Assert.Throws<ArgumentException>(() => client.UnaryAsync<ProbeReply, ProbeReply>("Echo", new ProbeReply()));
        Assert.Throws<ArgumentException>(() => client.UnaryAsync<ProbeRequest, ProbeReply>("NoSuchMethod", new ProbeRequest()));
    }

    public sealed class IncompleteProbe
    {
        public ProbeReply Echo(ProbeRequest request) => new();

        public Task Count(ProbeRequest request, IServerStreamWriter<ProbeReply> responseStream, ServerCallContext context) => Task.CompletedTask;

        public Task<ProbeReply> Sum(IAsyncStreamReader<ProbeRequest> requestStream, ServerCallContext context) => Task.FromResult(new ProbeReply());
    }

    internal static async Task<bool> Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static HttpClient RawHttp2Client() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private HttpRequestMessage RawRequest(string path, IMessage message)
    {
        var body = message.ToByteArray();
        var framed = new byte[5 + body.Length];
        framed[1] = (byte)(body.Length >> 24);
        framed[2] = (byte)(body.Length >> 16);
        framed[3] = (byte)(body.Length >> 8);
        framed[4] = (byte)body.Length;
        body.CopyTo(framed, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framed),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private static string? GrpcStatusOf(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single() : null;
}
