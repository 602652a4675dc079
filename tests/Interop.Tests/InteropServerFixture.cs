using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SmePlatform.ServiceDefaults;
using SmePlatform.ServiceDefaults.Grpc;
using SmePlatform.Testing;

namespace SmePlatform.Interop.Tests;

/// <summary>
/// The server side as every service runs it, in-process: grpc-dotnet through the platform's AddGrpcEndpoint (its limits,
/// error interceptor and health), on a free loopback port that speaks HTTP/2 only in cleartext (h2c).
/// </summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    public const string FirstFlagItem = "interop.first-compressed-flag";

    private WebApplication? _app;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration[Http2Listeners.UrlKey] = $"http://127.0.0.1:{Port}";
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        builder.AddGrpcEndpoint();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [ServiceDefaultsExtensions.ReadyTag]);

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
        _app.MapGrpcEndpoint().MapGrpcService<InteropTestService>();
        await _app.StartAsync();
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
