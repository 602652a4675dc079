using Microsoft.AspNetCore.Builder;

namespace SmePlatform.Grpc.Server;

/// <summary>Applies conventions (RequireAuthorization, RequireHost, …) to every method endpoint of a service.</summary>
public sealed class GrpcServiceEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
