using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmePlatform.Grpc.Health;
using SmePlatform.Grpc.Health.V1;

namespace SmePlatform.Grpc.Server;

public static class GrpcServerExtensions
{
    /// <summary>Registers what <see cref="MapGrpcService{TService}"/> needs. Handler classes may also be registered (scoped) to control their lifetime.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddSingleton<GrpcServiceRegistry>();
        return services;
    }

    /// <summary>
    /// Serves <paramref name="service"/> (a protoc descriptor, e.g. <c>XxxReflection.Descriptor.Services[0]</c>)
    /// with <typeparamref name="TService"/>: one POST endpoint per method at "/package.Service/Method", the
    /// handler being the public method of the same name with the Grpc.Core-shaped signature. Fails at
    /// startup if a method has no handler, unless listed in <paramref name="unimplementedMethods"/>
    /// (those, and any other path under the service, answer UNIMPLEMENTED).
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapGrpcService<TService>(
        this IEndpointRouteBuilder endpoints, ServiceDescriptor service, params string[] unimplementedMethods)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(service);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcServer() before mapping gRPC services.");
        var options = provider.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("SmePlatform.Grpc.Server");

        var builders = new List<IEndpointConventionBuilder>();
        foreach (var handler in ServiceBinder.Bind<TService>(service, unimplementedMethods, options, logger))
        {
            builders.Add(endpoints
                .MapPost($"/{service.FullName}/{handler.Method.Name}", new RequestDelegate(handler.HandleAsync))
                .WithDisplayName($"gRPC {service.FullName}/{handler.Method.Name}")
                .WithMetadata(new GrpcMethodMetadata(handler.Method)));
        }

        // Any other method of this service: UNIMPLEMENTED rather than HTTP 404, so gRPC callers get a status.
        builders.Add(endpoints
            .MapPost($"/{service.FullName}/{{**method}}", new RequestDelegate(UnimplementedAsync))
            .WithDisplayName($"gRPC {service.FullName} unimplemented methods"));

        registry.Add(service.FullName);
        return new GrpcServiceEndpointConventionBuilder(builders);
    }

    /// <summary>
    /// grpc.health.v1.Health (Check and Watch): SERVING while the ASP.NET Core health checks chosen by
    /// <see cref="GrpcServerOptions.HealthCheckPredicate"/> are not Unhealthy. Leave it anonymous: probers carry no token.
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<GrpcHealthService>(HealthReflection.Descriptor.Services[0]);

    /// <summary>
    /// Answers UNIMPLEMENTED for gRPC calls to services this process does not serve (instead of HTTP 404).
    /// It matches any "/{service}/{method}" POST with a gRPC content-type, so put it on the gRPC port
    /// (e.g. <c>.RequireHost("*:5101")</c>) when the same app serves REST.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcUnimplementedServices(this IEndpointRouteBuilder endpoints)
    {
        var builder = endpoints.MapPost("/{service}/{method}", new RequestDelegate(context =>
        {
            if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return UnimplementedAsync(context);
        }));
        builder.WithDisplayName("gRPC unimplemented services");
        builder.Add(b => ((RouteEndpointBuilder)b).Order = int.MaxValue);
        return builder;
    }

    private static Task UnimplementedAsync(HttpContext context)
    {
        if (ServerMethodHandler.TryAcceptRequest(context, out _))
        {
            ServerMethodHandler.WriteTrailersOnly(context, new Status(StatusCode.Unimplemented, $"Method {context.Request.Path} is unimplemented."));
        }

        return Task.CompletedTask;
    }
}
