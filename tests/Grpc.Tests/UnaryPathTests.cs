using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmePlatform.Grpc.Client;
using SmePlatform.Grpc.Server;
using SmePlatform.Grpc.Tests.Probe;

namespace SmePlatform.Grpc.Tests;

/// <summary>
/// The lean unary path: the client reads the one reply straight from the response stream (no PipeReader) and builds
/// metadata only when asked; the server writes the reply unflushed so headers, DATA and trailers leave together, and
/// builds an unregistered parameterless handler without a DI scope. These pin the behaviour those shortcuts must keep.
/// </summary>
public sealed class UnaryPathTests : IAsyncLifetime
{
    private const string EchoPath = "/smeplatform.grpctest.v1.Probe/Echo";
    private WebApplication? _app;
    private Uri _address = null!;

    /// <summary>What the raw endpoint answers, chosen per test.</summary>
    private Func<HttpContext, Task> _raw = _ => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer();
        _app = builder.Build();
        _app.MapGrpcService<DisposableProbe>(ProbeReflection.Descriptor.Services[0]);
        // A hand-written "server" for the client-side cases, on the same method path under another prefix.
        _app.MapPost("/raw" + EchoPath, async context =>
        {
            await DrainAsync(context);
            await _raw(context);
        });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_large_unary_round_trip_keeps_every_byte()
    {
        var text = new string('企', 100_000); // 300 KB of UTF-8: a pooled request frame, a flushed reply, a growing read buffer
        using var call = Client(_address).UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = text, Key = "large" });

        var reply = await call;

        Assert.Equal(text, reply.Text);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Response_headers_and_trailers_are_there_when_asked_for_after_the_call()
    {
        using var call = Client(_address).UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "hi", Key = "metadata" });

        await call;

        Assert.Equal("yes", (await call.ResponseHeadersAsync).GetValue("x-handler-header"));
        Assert.Equal("done", call.GetTrailers().GetValue("x-handler-trailer"));
    }

    [Fact]
    public async Task Response_headers_asked_for_before_the_reply_complete_when_the_call_does()
    {
        using var call = Client(_address).UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "hi", DelayMs = 100, Key = "early" });
        var headers = call.ResponseHeadersAsync;

        await call;

        Assert.Equal("yes", (await headers.WaitAsync(TimeSpan.FromSeconds(5))).GetValue("x-handler-header"));
    }

    [Fact]
    public async Task A_handler_built_by_the_server_is_disposed_after_the_call()
    {
        var before = DisposableProbe.Disposed;

        await Client(_address).UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "x", Key = "dispose" });

        Assert.True(await ServerAndClientTests.Eventually(() => DisposableProbe.Disposed > before));
    }

    [Fact]
    public async Task A_status_set_without_a_reply_is_trailers_only_and_a_reply_ends_with_trailers()
    {
        using var http = RawClient();

        using var failed = await http.SendAsync(RawRequest(EchoPath, new ProbeRequest { FailWith = "status", Key = "s1" }));
        var failedBody = await failed.Content.ReadAsByteArrayAsync();
        using var succeeded = await http.SendAsync(RawRequest(EchoPath, new ProbeRequest { Text = "ok", Key = "s2" }));
        var succeededBody = await succeeded.Content.ReadAsByteArrayAsync();

        Assert.Empty(failedBody);
        Assert.Equal("9", failed.Headers.GetValues("grpc-status").Single());
        Assert.Empty(failed.TrailingHeaders);
        Assert.False(succeeded.Headers.Contains("grpc-status"));
        Assert.Equal("yes", succeeded.Headers.GetValues("x-handler-header").Single());
        Assert.Equal("ok", ProbeReply.Parser.ParseFrom(succeededBody.AsSpan(5)).Text);
        Assert.Equal(succeededBody.Length - 5, BinaryPrimitives.ReadInt32BigEndian(succeededBody.AsSpan(1)));
        Assert.Equal("0", succeeded.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("done", succeeded.TrailingHeaders.GetValues("x-handler-trailer").Single());
    }

    [Fact]
    public async Task Two_reply_messages_for_a_unary_call_are_internal()
    {
        _raw = async context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.BodyWriter.Write(Frame(new ProbeReply { Text = "one" }));
            await context.Response.BodyWriter.FlushAsync();
            context.Response.BodyWriter.Write(Frame(new ProbeReply { Text = "two" }));
            context.Response.AppendTrailer("grpc-status", "0");
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => RawTargetCall());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("more than one message", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_cut_short_is_internal()
    {
        _raw = context =>
        {
            context.Response.ContentType = "application/grpc";
            var frame = Frame(new ProbeReply { Text = "truncated reply" });
            context.Response.BodyWriter.Write(frame.AsSpan(0, frame.Length - 3));
            context.Response.AppendTrailer("grpc-status", "0");
            return Task.CompletedTask;
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => RawTargetCall());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("middle of a message", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_over_the_limit_is_refused_from_its_header()
    {
        _raw = async context =>
        {
            context.Response.ContentType = "application/grpc";
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), 50_000_000);
            context.Response.BodyWriter.Write(header);
            await context.Response.BodyWriter.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted); // never sends the payload
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => RawTargetCall().WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task A_reply_split_into_many_small_writes_is_reassembled()
    {
        var reply = Frame(new ProbeReply { Text = new string('x', 20_000) });
        _raw = async context =>
        {
            context.Response.ContentType = "application/grpc";
            for (var offset = 0; offset < reply.Length; offset += 777)
            {
                context.Response.BodyWriter.Write(reply.AsSpan(offset, Math.Min(777, reply.Length - offset)));
                await context.Response.BodyWriter.FlushAsync();
            }

            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("x-raw", "trailer");
        };

        using var call = RawTargetClient().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest());
        var received = await call;

        Assert.Equal(20_000, received.Text.Length);
        Assert.Equal("trailer", call.GetTrailers().GetValue("x-raw"));
    }

    [Fact]
    public async Task An_ok_status_without_a_reply_is_internal()
    {
        _raw = context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", "0");
            return context.Response.StartAsync();
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => RawTargetCall());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("no message", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_small_request_over_the_send_limit_fails_locally()
    {
        var client = Client(_address, new GrpcChannelOptions { MaxSendMessageSize = 10, MaxRetryAttempts = 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest { Text = "more than ten bytes" }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private Task<ProbeReply> RawTargetCall() =>
        RawTargetClient().UnaryAsync<ProbeRequest, ProbeReply>("Echo", new ProbeRequest()).ResponseAsync;

    /// <summary>Our client aimed at the raw endpoint: a handler that rewrites the path to the /raw prefix.</summary>
    private GrpcClient RawTargetClient() =>
        Client(_address, new GrpcChannelOptions
        {
            MaxRetryAttempts = 0,
            HttpHandler = new PrefixHandler("/raw") { InnerHandler = GrpcChannel.CreateHttpHandler() },
            DisposeHttpHandler = true,
        });

    private static GrpcClient Client(Uri address, GrpcChannelOptions? options = null) =>
        new(GrpcChannel.ForAddress(address, options ?? new GrpcChannelOptions { MaxRetryAttempts = 0 }), ProbeReflection.Descriptor.Services[0]);

    private static async Task DrainAsync(HttpContext context)
    {
        while (true)
        {
            var read = await context.Request.BodyReader.ReadAsync();
            context.Request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    private static byte[] Frame(IMessage message)
    {
        var frame = new byte[5 + message.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
        message.WriteTo(frame.AsSpan(5));
        return frame;
    }

    private static HttpClient RawClient() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private HttpRequestMessage RawRequest(string path, IMessage message)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(message)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private sealed class PrefixHandler(string prefix) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!, prefix + request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Not registered in DI, parameterless, disposable: built per call by the server and disposed after.</summary>
    public sealed class DisposableProbe : IDisposable
    {
        private static int _disposed;

        public static int Disposed => Volatile.Read(ref _disposed);

        public async Task<ProbeReply> Echo(ProbeRequest request, ServerCallContext context)
        {
            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }

            if (request.FailWith == "status")
            {
                context.Status = new Status(StatusCode.FailedPrecondition, "set, not thrown");
                return new ProbeReply();
            }

            await context.WriteResponseHeadersAsync(new Metadata().Add("x-handler-header", "yes"));
            context.ResponseTrailers.Add("x-handler-trailer", "done");
            return new ProbeReply { Text = request.Text };
        }

        public Task<ProbeReply> Lookup(ProbeRequest request, ServerCallContext context) => Echo(request, context);

        public Task Count(ProbeRequest request, IServerStreamWriter<ProbeReply> responseStream, ServerCallContext context) => Task.CompletedTask;

        public Task<ProbeReply> Sum(IAsyncStreamReader<ProbeRequest> requestStream, ServerCallContext context) => Task.FromResult(new ProbeReply());

        public void Dispose() => Interlocked.Increment(ref _disposed);
    }
}
