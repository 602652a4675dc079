using System.Buffers;
using System.Net;

namespace SmePlatform.Grpc.Client;

/// <summary>
/// One framed request message in a pooled buffer, shared by the attempts of a retried call. Reference
/// counted: SocketsHttpHandler may still be copying the body of an attempt whose response has already
/// ended, and the buffer must not go back to the pool under it.
/// </summary>
internal sealed class RentedFrame
{
    private readonly byte[] _buffer;
    private readonly int _length;
    private int _references = 1;

    public RentedFrame(PooledBuffer buffer)
    {
        _buffer = buffer.Array;
        _length = buffer.Length;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public bool TryAddReference()
    {
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
        if (Interlocked.Decrement(ref _references) == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}

/// <summary>The body of a unary or server-streaming request: one framed message, then END_STREAM.</summary>
internal sealed class FramedContent : HttpContent
{
    private readonly RentedFrame _frame;

    public FramedContent(RentedFrame frame)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_frame.TryAddReference())
        {
            throw new OperationCanceledException("The call has already completed.");
        }

        try
        {
            await stream.WriteAsync(_frame.Memory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _frame.Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // No content-length, as other gRPC clients: the message framing delimits the body.
        length = -1;
        return false;
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
