using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmePlatform.Grpc.Server;
using SmePlatform.Interop.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>Our server, in-process: Kestrel on a free loopback port, HTTP/2 only in cleartext (h2c), as a service runs it.</summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    public const string FirstFlagItem = "interop.first-compressed-flag";

    private WebApplication? _app;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer();
        builder.Services.AddHealthChecks();

        _app = builder.Build();
        // Test-only: look at (without consuming) the first byte of the body, so UnaryCall can check
        // that a "compressed" request really had the compressed flag set on the wire.
        _app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/grpc.testing.TestService/UnaryCall"))
            {
                var read = await context.Request.BodyReader.ReadAsync();
                if (!read.Buffer.IsEmpty)
                {
                    context.Items[FirstFlagItem] = read.Buffer.FirstSpan[0];
                }

                context.Request.BodyReader.AdvanceTo(read.Buffer.Start);
            }

            await next(context);
        });
        _app.MapGrpcService<InteropTestService>(TestReflection.Descriptor.Services[0], "UnimplementedCall");
        _app.MapGrpcHealthService();
        _app.MapGrpcUnimplementedServices();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
