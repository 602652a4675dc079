using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace SmePlatform.Grpc;

/// <summary>
/// Length-Prefixed-Message framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
/// DATA frame boundaries have nothing to do with message boundaries, so everything here works on
/// byte sequences of any shape (a message split over many reads, several messages in one read).
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>Below this size a message is serialised into one contiguous span with its header.</summary>
    internal const int ContiguousWriteLimit = 64 * 1024;

    /// <summary>
    /// Takes one complete message off the front of <paramref name="buffer"/>. Returns false when more
    /// bytes are needed. The declared length is checked against the limit before any payload arrives, so
    /// an over-limit message is refused without buffering it.
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out bool compressed, out ReadOnlySequence<byte> message)
    {
        compressed = false;
        message = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {header[0]} in message header.")),
        };

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message of {length} bytes exceeds the maximum of {maxMessageSize} bytes."));
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        message = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Writes one uncompressed framed message to a pipe, without an intermediate copy.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        CheckSendSize(size, maxMessageSize);
        if (size <= ContiguousWriteLimit)
        {
            var span = writer.GetSpan(HeaderSize + size);
            WriteHeader(span, compressed: false, size);
            message.WriteTo(span.Slice(HeaderSize, size));
            writer.Advance(HeaderSize + size);
        }
        else
        {
            WriteHeader(writer.GetSpan(HeaderSize), compressed: false, size);
            writer.Advance(HeaderSize);
            message.WriteTo(writer);
        }
    }

    /// <summary>
    /// Frames one message into a pooled buffer, compressed with <paramref name="encoding"/> unless identity.
    /// Used by the client, whose request body is a Stream.
    /// </summary>
    public static PooledBuffer FrameMessage(IMessage message, int maxMessageSize, string? encoding)
    {
        var size = message.CalculateSize();
        CheckSendSize(size, maxMessageSize);
        var framed = ArrayPool<byte>.Shared.Rent(HeaderSize + size);
        message.WriteTo(framed.AsSpan(HeaderSize, size));
        if (encoding is null or GrpcCompression.Identity)
        {
            WriteHeader(framed, compressed: false, size);
            return new PooledBuffer(framed, HeaderSize + size);
        }

        try
        {
            using var output = new MemoryStream(HeaderSize + (size / 2) + 64);
            output.SetLength(HeaderSize);
            output.Position = HeaderSize;
            GrpcCompression.Compress(encoding, framed.AsSpan(HeaderSize, size), output);
            var compressedLength = (int)output.Length - HeaderSize;
            var result = ArrayPool<byte>.Shared.Rent((int)output.Length);
            output.GetBuffer().AsSpan(HeaderSize, compressedLength).CopyTo(result.AsSpan(HeaderSize));
            WriteHeader(result, compressed: true, compressedLength);
            return new PooledBuffer(result, HeaderSize + compressedLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(framed);
        }
    }

    /// <summary>
    /// Reads the next message from <paramref name="reader"/>; null at a clean end of stream. The payload
    /// is parsed straight from the pipe's buffers (no copy) unless it was compressed.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader, MessageParser<T> parser, int maxMessageSize, string? encoding, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool found;
            bool compressed;
            ReadOnlySequence<byte> payload;
            try
            {
                found = TryReadMessage(ref buffer, maxMessageSize, out compressed, out payload);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }

            if (found)
            {
                try
                {
                    return Parse(parser, payload, compressed, encoding, maxMessageSize);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return default;
                }

                throw new RpcException(new Status(StatusCode.Internal, "The stream ended in the middle of a message."));
            }

            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException(cancellationToken);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    internal static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxMessageSize)
        where T : IMessage<T>
    {
        try
        {
            if (!compressed)
            {
                return parser.ParseFrom(payload);
            }

            // compression.md: a compressed flag without a negotiated encoding is a protocol error.
            if (encoding is null or GrpcCompression.Identity)
            {
                throw new RpcException(new Status(StatusCode.Internal, "A message has the compressed flag set but grpc-encoding is identity."));
            }

            using var inflated = GrpcCompression.Decompress(encoding, payload, maxMessageSize);
            return parser.ParseFrom(inflated.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize a {typeof(T).Name} message."));
        }
    }

    internal static void CheckSendSize(int size, int maxMessageSize)
    {
        if (size > maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message of {size} bytes exceeds the maximum of {maxMessageSize} bytes."));
        }
    }
}
