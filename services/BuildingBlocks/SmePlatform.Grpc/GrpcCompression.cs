using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace SmePlatform.Grpc;

/// <summary>
/// Message compression (grpc/grpc doc/compression.md). Each message is compressed on its own, never a
/// shared context. We accept gzip and deflate (zlib) from peers; we compress only client requests, and only
/// when asked: on a LAN between services, CPU costs more than bytes.
/// </summary>
internal static class GrpcCompression
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";
    public const string Deflate = "deflate";

    /// <summary>What we advertise in grpc-accept-encoding.</summary>
    public const string AcceptEncoding = "identity,gzip,deflate";

    public static bool IsSupported(string? encoding) =>
        encoding is null || encoding is Identity or Gzip or Deflate;

    /// <summary>
    /// Decompresses one message into a pooled buffer. A message that inflates past
    /// <paramref name="maxMessageSize"/> is RESOURCE_EXHAUSTED (the limit applies to what the application
    /// would receive, which also stops decompression bombs); corrupt data is INTERNAL.
    /// </summary>
    public static PooledBuffer Decompress(string encoding, ReadOnlySequence<byte> compressed, int maxMessageSize)
    {
        using var input = AsStream(compressed);
        using Stream inflater = encoding switch
        {
            Gzip => new GZipStream(input, CompressionMode.Decompress),
            Deflate => new ZLibStream(input, CompressionMode.Decompress),
            _ => throw new RpcException(new Status(StatusCode.Internal, $"Unsupported grpc-encoding '{encoding}'.")),
        };

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, (int)Math.Min(compressed.Length * 4, maxMessageSize + 1L)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxMessageSize)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxMessageSize + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = inflater.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress a '{encoding}' message."));
        }

        if (length > maxMessageSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Decompressed message exceeds the maximum size of {maxMessageSize} bytes."));
        }

        return new PooledBuffer(buffer, length);
    }

    /// <summary>Compresses <paramref name="data"/> and appends it to <paramref name="output"/>.</summary>
    public static void Compress(string encoding, ReadOnlySpan<byte> data, Stream output)
    {
        using Stream deflater = encoding switch
        {
            Gzip => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            Deflate => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => throw new ArgumentException($"Unsupported encoding '{encoding}'.", nameof(encoding)),
        };
        deflater.Write(data);
    }

    private static Stream AsStream(ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment && MemoryMarshal.TryGetArray(data.First, out var segment))
        {
            return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        }

        return new MemoryStream(data.ToArray(), writable: false);
    }
}

/// <summary>A rented array and the length used; return it with Dispose.</summary>
internal readonly struct PooledBuffer(byte[] array, int length) : IDisposable
{
    public byte[] Array { get; } = array;

    public int Length { get; } = length;

    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
}
