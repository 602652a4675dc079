using Microsoft.Extensions.Primitives;

namespace SmePlatform.Grpc;

/// <summary>Moves metadata between HTTP header collections and <see cref="Metadata"/>.</summary>
internal static class MetadataEncoding
{
    public static string ToBase64Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>
    /// Decodes a -bin header value. The spec requires accepting padded and unpadded base64, and values
    /// joined with "," when a key was sent more than once; each part becomes one byte[].
    /// </summary>
    public static bool TryDecodeBinaryHeader(string value, List<byte[]> results)
    {
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryFromBase64Unpadded(part, out var bytes))
            {
                return false;
            }

            results.Add(bytes);
        }

        return true;
    }

    public static bool TryFromBase64Unpadded(string value, out byte[] bytes)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        if (padding == 3)
        {
            bytes = [];
            return false;
        }

        var padded = padding == 0 ? value : value + new string('=', padding);
        var buffer = new byte[padded.Length / 4 * 3];
        if (Convert.TryFromBase64String(padded, buffer, out var written))
        {
            bytes = written == buffer.Length ? buffer : buffer[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>
    /// Builds the application's view of received headers: everything but the HTTP/2 pseudo-headers and
    /// the headers this block itself interprets (content-type, te, grpc-timeout, grpc-encoding, …).
    /// A -bin value that is not valid base64 is dropped rather than failing the call.
    /// </summary>
    public static Metadata FromHeaders(IEnumerable<KeyValuePair<string, StringValues>> headers)
    {
        var metadata = new Metadata();
        List<byte[]>? decoded = null;
        foreach (var (key, values) in headers)
        {
            if (IsReserved(key))
            {
                continue;
            }

            var binary = Metadata.IsBinaryKey(key);
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (binary)
                {
                    decoded ??= [];
                    decoded.Clear();
                    if (TryDecodeBinaryHeader(value, decoded))
                    {
                        foreach (var bytes in decoded)
                        {
                            metadata.Add(key, bytes);
                        }
                    }
                }
                else if (IsAsciiValue(value))
                {
                    metadata.Add(key, value);
                }
            }
        }

        return metadata;
    }

    public static Metadata FromHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
        FromHeaders(headers.Select(h => new KeyValuePair<string, StringValues>(h.Key, new StringValues(h.Value.ToArray()))));

    public static bool IsReserved(string key) =>
        key.StartsWith(':')
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals("te", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.EncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.AcceptEncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.StatusTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(GrpcProtocol.MessageTrailer, StringComparison.OrdinalIgnoreCase)
        || !IsValidKey(key);

    private static bool IsValidKey(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiValue(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
