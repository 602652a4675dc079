using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;
using SmePlatform.Grpc.Tests.Probe;

namespace SmePlatform.Grpc.Tests;

public sealed class FramingTests
{
    private const int Limit = 4 * 1024 * 1024;

    [Fact]
    public async Task A_message_split_across_many_reads_is_reassembled()
    {
        var message = new ProbeRequest { Text = new string('x', 40_000), Key = "split" };
        var framed = Frame(message);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        // One byte per write and flush: every DATA frame boundary a peer could choose, and then some.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < framed.Length; i++)
            {
                await pipe.Writer.WriteAsync(framed.AsMemory(i, 1));
            }

            await pipe.Writer.CompleteAsync();
        });

        var read = await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None);
        var end = await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None);
        await writer;

        Assert.Equal(message, read);
        Assert.Null(end);
    }

    [Fact]
    public async Task Several_messages_in_one_read_come_out_one_by_one()
    {
        var messages = Enumerable.Range(0, 5).Select(i => new ProbeRequest { Text = $"m{i}", Count = i }).ToList();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(messages.SelectMany(Frame).ToArray());
        await pipe.Writer.CompleteAsync();

        var read = new List<ProbeRequest>();
        while (await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None) is { } message)
        {
            read.Add(message);
        }

        Assert.Equal(messages, read);
    }

    [Fact]
    public async Task A_zero_length_message_is_a_message_not_the_end()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 0, 0 });
        await pipe.Writer.CompleteAsync();

        var first = await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None);
        var second = await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(new ProbeRequest(), first);
        Assert.Null(second);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task A_compressed_message_is_inflated_with_the_negotiated_encoding(string encoding)
    {
        var message = new ProbeRequest { Text = new string('z', 100_000) };
        var compressed = Compress(encoding, message.ToByteArray());
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Header(compressed: true, compressed.Length).Concat(compressed).ToArray());
        await pipe.Writer.CompleteAsync();

        var read = await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, encoding, CancellationToken.None);

        Assert.Equal(message, read);
        Assert.True(compressed.Length < 1000);
    }

    [Fact]
    public void The_compressed_flag_without_an_encoding_is_internal()
    {
        var payload = new ReadOnlySequence<byte>(Compress("gzip", [1, 2, 3]));

        var error = Assert.Throws<RpcException>(() => GrpcFraming.Parse(ProbeRequest.Parser, payload, compressed: true, encoding: null, Limit));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task An_unknown_flag_byte_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 2, 0, 0, 0, 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None).AsTask());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task A_stream_ending_inside_a_message_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame(new ProbeRequest { Text = "cut short" }).AsMemory(0, 8));
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None).AsTask());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task An_unparsable_message_is_internal()
    {
        var pipe = new Pipe();
        byte[] garbage = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]; // field 1, length far beyond the data
        await pipe.Writer.WriteAsync(Header(false, garbage.Length).Concat(garbage).ToArray());
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, Limit, null, CancellationToken.None).AsTask());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task An_over_limit_length_is_refused_from_the_header_alone()
    {
        var pipe = new Pipe();
        // Only the 5-byte header: the payload never has to arrive (or be buffered) for the refusal.
        await pipe.Writer.WriteAsync(Header(false, 1001));

        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, 1000, null, CancellationToken.None).AsTask());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task A_message_exactly_at_the_limit_is_accepted()
    {
        var message = new ProbeRequest { Text = new string('a', 997) };
        Assert.Equal(1000, message.CalculateSize());
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame(message));
        await pipe.Writer.CompleteAsync();

        Assert.Equal(message, await GrpcFraming.ReadMessageAsync(pipe.Reader, ProbeRequest.Parser, 1000, null, CancellationToken.None));
    }

    [Fact]
    public void A_compressed_message_inflating_past_the_limit_is_resource_exhausted()
    {
        var bomb = Compress("gzip", new byte[10 * 1024 * 1024]);

        var error = Assert.Throws<RpcException>(() =>
            GrpcFraming.Parse(ProbeRequest.Parser, new ReadOnlySequence<byte>(bomb), compressed: true, "gzip", maxMessageSize: 1024 * 1024));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.True(bomb.Length < 20_000);
    }

    [Fact]
    public void Sending_over_the_limit_is_resource_exhausted()
    {
        var message = new ProbeRequest { Text = new string('a', 2000) };

        var error = Assert.Throws<RpcException>(() => GrpcFraming.FrameMessage(message, 1000, null));
        var pipeError = Assert.Throws<RpcException>(() => GrpcFraming.WriteMessage(new ArrayBufferWriter<byte>(), message, 1000));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, pipeError.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(200_000)] // above the contiguous-span threshold: written in pieces
    public void Written_frames_have_the_header_the_spec_demands(int textLength)
    {
        var message = new ProbeRequest { Text = new string('q', textLength) };
        var writer = new ArrayBufferWriter<byte>();

        GrpcFraming.WriteMessage(writer, message, Limit);

        var bytes = writer.WrittenSpan.ToArray();
        Assert.Equal(0, bytes[0]);
        Assert.Equal(message.CalculateSize(), (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]);
        Assert.Equal(message, ProbeRequest.Parser.ParseFrom(bytes.AsSpan(5)));
        Assert.Equal(Frame(message), bytes);
    }

    [Fact]
    public void Client_frames_can_be_gzip_compressed()
    {
        var message = new ProbeRequest { Text = new string('g', 50_000) };

        using var framed = GrpcFraming.FrameMessage(message, Limit, "gzip");

        var bytes = framed.Span.ToArray();
        Assert.Equal(1, bytes[0]);
        var length = (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4];
        Assert.Equal(bytes.Length - 5, length);
        using var gzip = new GZipStream(new MemoryStream(bytes, 5, length), CompressionMode.Decompress);
        Assert.Equal(message, ProbeRequest.Parser.ParseFrom(gzip));
    }

    private static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        return Header(false, body.Length).Concat(body).ToArray();
    }

    private static byte[] Header(bool compressed, int length) =>
        [compressed ? (byte)1 : (byte)0, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];

    private static byte[] Compress(string encoding, byte[] data)
    {
        var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
