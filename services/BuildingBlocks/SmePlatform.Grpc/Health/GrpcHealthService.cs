using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmePlatform.Grpc.Health.V1;
using SmePlatform.Grpc.Server;
using ServingStatus = SmePlatform.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SmePlatform.Grpc.Health;

/// <summary>
/// The standard health service (grpc/grpc doc/health-checking.md) backed by ASP.NET Core health checks.
/// "" asks about the server as a whole; a mapped service name gets the same answer (the checks are per
/// process); an unknown one is NOT_FOUND (Check) or SERVICE_UNKNOWN (Watch).
/// </summary>
internal sealed class GrpcHealthService(
    IServiceProvider services, GrpcServiceRegistry registry, IOptions<GrpcServerOptions> options)
{
    public async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!IsKnown(request.Service))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        }

        return new HealthCheckResponse { Status = await EvaluateAsync(context.CancellationToken).ConfigureAwait(false) };
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        ServingStatus? last = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var current = IsKnown(request.Service)
                ? await EvaluateAsync(context.CancellationToken).ConfigureAwait(false)
                : ServingStatus.ServiceUnknown;
            if (current != last)
            {
                await responseStream.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken).ConfigureAwait(false);
                last = current;
            }

            await Task.Delay(options.Value.HealthWatchInterval, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsKnown(string service) => service.Length == 0 || registry.Contains(service);

    private async Task<ServingStatus> EvaluateAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(HealthCheckService)) is not HealthCheckService healthChecks)
        {
            // No checks registered: the process answers, which is all we can say.
            return ServingStatus.Serving;
        }

        var report = await healthChecks.CheckHealthAsync(options.Value.HealthCheckPredicate, cancellationToken).ConfigureAwait(false);
        return report.Status == HealthStatus.Unhealthy ? ServingStatus.NotServing : ServingStatus.Serving;
    }
}
