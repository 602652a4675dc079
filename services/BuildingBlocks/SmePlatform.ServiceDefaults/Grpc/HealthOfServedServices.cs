using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// grpc.health.v1.Health answers for "" (the server) and for every service this process maps, by its full name, with
/// the readiness checks: a caller may ask for the one service it uses. Read from the app's endpoints when the health
/// service first needs its options (hosted services start after the Program.cs mapped everything, but before the
/// request pipeline, hence before the DI EndpointDataSource, holds the endpoints).
/// </summary>
internal sealed class HealthOfServedServices(GrpcRoutes routes) : IPostConfigureOptions<GrpcHealthChecksOptions>
{
    public void PostConfigure(string? name, GrpcHealthChecksOptions options)
    {
        var served = (routes.App?.DataSources ?? [])
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.ServiceName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var service in served)
        {
            options.Services.Map(service, IsReadinessCheck);
        }

        options.Services.Map(string.Empty, IsReadinessCheck);
    }

    private static bool IsReadinessCheck(HealthCheckMapContext check) => check.Tags.Contains(ServiceDefaultsExtensions.ReadyTag);
}

/// <summary>The app whose endpoints hold the gRPC services (set by <see cref="GrpcEndpoints.MapGrpcEndpoint"/>).</summary>
internal sealed class GrpcRoutes
{
    public IEndpointRouteBuilder? App { get; set; }
}
