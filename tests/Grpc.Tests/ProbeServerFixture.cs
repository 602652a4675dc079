using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SmePlatform.Grpc.Server;
using SmePlatform.Grpc.Tests.Probe;

namespace SmePlatform.Grpc.Tests;

/// <summary>Kestrel on a loopback port, HTTP/2 only (h2c), serving the probe service and health.</summary>
public sealed class ProbeServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Flip to make the "ready" health check fail.</summary>
    public bool Ready { get; set; } = true;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer(o => o.HealthWatchInterval = TimeSpan.FromMilliseconds(50));
        builder.Services.AddHealthChecks()
            .AddCheck("ready", () => Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(), tags: ["ready"])
            .AddCheck("not-for-readiness", () => HealthCheckResult.Unhealthy());
        _app = builder.Build();
        _app.MapGrpcService<ProbeService>(ProbeReflection.Descriptor.Services[0]);
        _app.MapGrpcHealthService();
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
