namespace SmePlatform.Grpc;

/// <summary>Writes the messages of a streaming response (server) or request (client). Writes must not overlap.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

/// <summary>The response stream a server-streaming or duplex handler writes to.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;

/// <summary>The request stream a client-streaming or duplex caller writes to; complete it to half-close.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    Task CompleteAsync();
}

/// <summary>A stream of messages read one at a time (Grpc.Core shape); see <see cref="AsyncStreamReaderExtensions.ReadAllAsync"/>.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}

public static class AsyncStreamReaderExtensions
{
    /// <summary>Reads the stream as an <see cref="IAsyncEnumerable{T}"/> for <c>await foreach</c>.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        this IAsyncStreamReader<T> reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.Current;
        }
    }
}
