using Google.Protobuf.Reflection;

namespace SmePlatform.Grpc.Server;

/// <summary>Endpoint metadata on every mapped gRPC method, for middleware that wants to know what it is serving.</summary>
public sealed class GrpcMethodMetadata(MethodDescriptor method)
{
    public MethodDescriptor Method { get; } = method;
}
