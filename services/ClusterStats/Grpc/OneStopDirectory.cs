using SmePlatform.Contracts.OneStop.V1;
using SmePlatform.ServiceDefaults.Grpc;

namespace SmePlatform.ClusterStats.Grpc;

/// <summary>OneStop's smeplatform.onestop.v1.EnterpriseDirectory, the generated client, called with the caller's own token.</summary>
public static class OneStopDirectory
{
    /// <summary>Where OneStop's gRPC port is; the ports convention's address when unset.</summary>
    public const string AddressKey = "Services:onestop:GrpcUrl";

    public const string DefaultAddress = "http://127.0.0.1:5201";

    public static IServiceCollection AddOneStopDirectory(this IServiceCollection services)
    {
        services.AddPlatformGrpcClient<EnterpriseDirectory.EnterpriseDirectoryClient>(EnterpriseDirectory.Descriptor, AddressKey, DefaultAddress);
        return services;
    }
}
