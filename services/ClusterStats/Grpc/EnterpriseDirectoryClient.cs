using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.Grpc.Client;

namespace SmePlatform.ClusterStats.Grpc;

/// <summary>OneStop's smeplatform.onestop.v1.EnterpriseDirectory, over gRPC (one channel, hence one circuit breaker, per address).</summary>
public sealed class EnterpriseDirectoryClient(GrpcChannel channel)
    : GrpcClient(channel, EnterpriseDirectoryReflection.Descriptor.Services[0])
{
    /// <summary>Where OneStop's gRPC port is; the ports convention's address when unset.</summary>
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    public AsyncUnaryCall<Enterprise> GetEnterpriseAsync(GetEnterpriseRequest request, CallOptions options = default) =>
        UnaryAsync<GetEnterpriseRequest, Enterprise>("GetEnterprise", request, options);

    public AsyncServerStreamingCall<Enterprise> ListEnterprises(ListEnterprisesRequest request, CallOptions options = default) =>
        ServerStreaming<ListEnterprisesRequest, Enterprise>("ListEnterprises", request, options);
}

public static class EnterpriseDirectoryClientRegistration
{
    public static IServiceCollection AddEnterpriseDirectoryClient(this IServiceCollection services) =>
        services.AddGrpcClient<EnterpriseDirectoryClient>(sp =>
            new Uri(sp.GetRequiredService<IConfiguration>()[EnterpriseDirectoryClient.AddressKey] ?? EnterpriseDirectoryClient.DefaultAddress));
}
