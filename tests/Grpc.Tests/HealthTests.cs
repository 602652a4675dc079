using SmePlatform.Grpc.Client;
using SmePlatform.Grpc.Health.V1;
using ServingStatus = SmePlatform.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SmePlatform.Grpc.Tests;

public sealed class HealthTests(ProbeServerFixture server) : IClassFixture<ProbeServerFixture>
{
    private GrpcClient Health() => new(GrpcChannel.ForAddress(server.Address), HealthReflection.Descriptor.Services[0]);

    [Fact]
    public async Task Check_follows_the_ready_health_checks_only()
    {
        var health = Health();
        try
        {
            server.Ready = true;
            var serving = await health.UnaryAsync<HealthCheckRequest, HealthCheckResponse>("Check", new HealthCheckRequest());
            var byName = await health.UnaryAsync<HealthCheckRequest, HealthCheckResponse>("Check", new HealthCheckRequest { Service = "smeplatform.grpctest.v1.Probe" });
            server.Ready = false;
            var notServing = await health.UnaryAsync<HealthCheckRequest, HealthCheckResponse>("Check", new HealthCheckRequest());

            // The unhealthy check without the "ready" tag never counts.
            Assert.Equal(ServingStatus.Serving, serving.Status);
            Assert.Equal(ServingStatus.Serving, byName.Status);
            Assert.Equal(ServingStatus.NotServing, notServing.Status);
        }
        finally
        {
            server.Ready = true;
        }
    }

    [Fact]
    public async Task Check_of_an_unknown_service_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Health().UnaryAsync<HealthCheckRequest, HealthCheckResponse>("Check", new HealthCheckRequest { Service = "nope.Service" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Watch_reports_changes()
    {
        try
        {
            server.Ready = true;
            using var watch = Health().ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", new HealthCheckRequest());

            Assert.True(await watch.ResponseStream.MoveNext());
            Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);
            server.Ready = false;
            Assert.True(await watch.ResponseStream.MoveNext());
            Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        }
        finally
        {
            server.Ready = true;
        }
    }
}
