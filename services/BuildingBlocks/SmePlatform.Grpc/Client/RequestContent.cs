using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace SmePlatform.Grpc.Client;

/// <summary>
/// One framed request message in a pooled buffer, shared by the attempts of a retried call. Reference
/// counted: SocketsHttpHandler may still be copying the body of an attempt whose response has already
/// ended, and the buffer must not go back to the pool under it.
/// </summary>
internal sealed class RentedFrame
{
    /// <summary>Up to this size a request frame is a plain array of its own: cheaper than pooling it and tracking its uses.</summary>
    public const int UnpooledLimit = 1024;

    private readonly byte[] _buffer;
    private readonly int _length;
    private readonly bool _pooled;
    private int _references = 1;

    public RentedFrame(PooledBuffer buffer)
    {
        _buffer = buffer.Array;
        _length = buffer.Length;
        _pooled = true;
    }

    private RentedFrame(byte[] frame)
    {
        _buffer = frame;
        _length = frame.Length;
    }

    /// <summary>Frames an uncompressed message: in its own array when small, else in a pooled buffer.</summary>
    public static RentedFrame Create(IMessage message, int maxMessageSize, string? encoding)
    {
        if (encoding is null or GrpcCompression.Identity)
        {
            var size = message.CalculateSize();
            if (size <= UnpooledLimit)
            {
                GrpcFraming.CheckSendSize(size, maxMessageSize);
                var frame = new byte[GrpcFraming.HeaderSize + size];
                GrpcFraming.WriteHeader(frame, compressed: false, size);
                message.WriteTo(frame.AsSpan(GrpcFraming.HeaderSize));
                return new RentedFrame(frame);
            }
        }

        return new RentedFrame(GrpcFraming.FrameMessage(message, maxMessageSize, encoding));
    }

    public bool IsPooled => _pooled;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    internal byte[] Array => _buffer;

    internal int Length => _length;

    public bool TryAddReference()
    {
        if (!_pooled)
        {
            return true;
        }

        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (_pooled && Interlocked.Decrement(ref _references) == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}

/// <summary>
/// The body of a unary or server-streaming request: one framed message, then END_STREAM. A ByteArrayContent, because
/// SocketsHttpHandler treats any other HttpContent as possibly duplex (a body that may still be written while the
/// response arrives) and pays for that on every request; a whole, known body is sent as a plain request.
/// </summary>
internal sealed class FramedContent : ByteArrayContent
{
    private readonly RentedFrame _frame;

    public FramedContent(RentedFrame frame)
        : base(frame.Array, 0, frame.Length)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_frame.IsPooled)
        {
            return stream.WriteAsync(_frame.Memory, cancellationToken).AsTask();
        }

        if (!_frame.TryAddReference())
        {
            return Task.FromException(new OperationCanceledException("The call has already completed."));
        }

        Task write;
        try
        {
            write = stream.WriteAsync(_frame.Memory, cancellationToken).AsTask();
        }
        catch (Exception ex)
        {
            _frame.Release();
            return Task.FromException(ex);
        }

        if (write.IsCompletedSuccessfully)
        {
            _frame.Release();
            return write;
        }

        return ReleaseWhenWrittenAsync(write);
    }

    protected override bool TryComputeLength(out long length)
    {
        // No content-length, as other gRPC clients: the message framing delimits the body.
        length = -1;
        return false;
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        throw new NotSupportedException("A gRPC request body is written, not read.");

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        throw new NotSupportedException("A gRPC request body is written, not read.");

    private async Task ReleaseWhenWrittenAsync(Task write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            _frame.Release();
        }
    }
}

/// <summary>
/// The body of a client-streaming or duplex request: SocketsHttpHandler hands us its request stream and
/// the body stays open until the caller completes it (END_STREAM = half-close).
/// </summary>
internal sealed class StreamingContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingContent()
    {
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    public Task<Stream> StreamTask => _stream.Task;

    public void Complete() => _completed.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        _stream.TrySetCanceled();
        _completed.TrySetResult();
        base.Dispose(disposing);
    }
}
