using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Grpc;

/// <summary>
/// The real OneStop app with its gRPC port configured as in production (Grpc:Url, HTTP/2 only, a real socket), next
/// to its REST port; its own fresh database and the shared RabbitMQ node.
/// </summary>
public sealed class OneStopGrpcFactory : ServiceUnderTest<Program>
{
    public OneStopGrpcFactory(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq) => StartWithGrpcPort();
}
