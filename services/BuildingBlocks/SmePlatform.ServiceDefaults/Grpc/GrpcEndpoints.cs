using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ServiceDefaults.Grpc;

/// <summary>
/// A service's gRPC port, on grpc-dotnet: <c>Grpc:Url</c> (e.g. http://127.0.0.1:5201) served HTTP/2-only next to the
/// REST URLs, with the gRPC endpoints answering on that port only. Two lines in a Program.cs:
/// <c>builder.AddGrpcEndpoint()</c> and <c>app.MapGrpcEndpoint().MapGrpcService&lt;T&gt;()</c>.
/// </summary>
public static class GrpcEndpoints
{
    /// <summary>Largest message either way (4 MB, grpc-dotnet's receive default); a bigger one is RESOURCE_EXHAUSTED.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// grpc-dotnet with our error interceptor, grpc.health.v1.Health reporting the checks of /health/ready, reflection in
    /// Development only (it lists every method: useful with grpcurl, nothing a production caller needs), and the
    /// HTTP/2-only listener when <c>Grpc:Url</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddGrpcEndpoint(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<UnexpectedErrorInterceptor>();
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.MaxSendMessageSize = MaxMessageBytes;
            // Exception text may carry SQL, paths or personal data: callers get a status and our own words only.
            options.EnableDetailedErrors = false;
        });
        // The same checks as /health/ready, run on demand per Check, for "" and each service mapped.
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddSingleton<GrpcRoutes>();
        builder.Services.AddSingleton<IPostConfigureOptions<GrpcHealthChecksOptions>, HealthOfServedServices>();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcReflection();
        }

        return builder.AddHttp2OnlyListener(Http2Listeners.UrlKey);
    }

    /// <summary>
    /// A route group for the service's gRPC services, restricted to the gRPC port when <c>Grpc:Url</c> is set, already
    /// serving grpc.health.v1.Health (and reflection in Development). Map the service's own services on it.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<GrpcRoutes>().App = app;
        var group = app.MapGroup(string.Empty);
        if (Http2Listeners.GrpcUri(app.Configuration) is { } grpc)
        {
            group.RequireHost($"*:{grpc.Port}");
        }

        group.MapGrpcHealthChecksService().AllowAnonymousByDesign("gRPC health probe; answers SERVING or NOT_SERVING, no data");
        if (app.Environment.IsDevelopment())
        {
            group.MapGrpcReflectionService().AllowAnonymousByDesign("gRPC reflection, Development only; method names, no data");
        }

        return group;
    }
}
