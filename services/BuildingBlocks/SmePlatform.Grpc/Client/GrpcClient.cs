using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SmePlatform.Grpc.Client;

/// <summary>
/// A client for one service, from its protoc descriptor: call methods by name. Derive from it for a typed
/// client per contract (one line per method, see README), or use it directly.
/// </summary>
public class GrpcClient
{
    private readonly Dictionary<string, MethodDescriptor> _methods;

    public GrpcClient(GrpcChannel channel, ServiceDescriptor service)
    {
        Channel = channel ?? throw new ArgumentNullException(nameof(channel));
        Service = service ?? throw new ArgumentNullException(nameof(service));
        _methods = service.Methods.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    public GrpcChannel Channel { get; }

    public ServiceDescriptor Service { get; }

    public MethodDescriptor GetMethod(string name) =>
        _methods.TryGetValue(name, out var method)
            ? method
            : throw new ArgumentException($"{Service.FullName} has no method '{name}'.", nameof(name));

    public AsyncUnaryCall<TResponse> UnaryAsync<TRequest, TResponse>(string method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.UnaryAsync<TRequest, TResponse>(GetMethod(method), request, options);

    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(string method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.ServerStreaming<TRequest, TResponse>(GetMethod(method), request, options);

    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.ServerStreamingAsync<TRequest, TResponse>(GetMethod(method), request, options);

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(string method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.ClientStreaming<TRequest, TResponse>(GetMethod(method), options);

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(string method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        Channel.DuplexStreaming<TRequest, TResponse>(GetMethod(method), options);
}
