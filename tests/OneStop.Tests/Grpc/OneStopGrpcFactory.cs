using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SmePlatform.Testing;

namespace SmePlatform.OneStop.Tests.Grpc;

/// <summary>
/// The real OneStop app with its gRPC port configured as in production (Grpc:Url, HTTP/2 only, a real socket), next
/// to its REST port; its own fresh database and the shared RabbitMQ node.
/// </summary>
public sealed class OneStopGrpcFactory : ServiceUnderTest<Program>
{

    public OneStopGrpcFactory(string connectionString, RabbitMqServer rabbitMq)
        : base(connectionString, rabbitMq)
    {
        GrpcUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        // Not UseKestrel(port): that makes Kestrel prefer the hosting URL and drop the service's own listeners.
        UseKestrel();
        StartServer();
        RestUrl = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(address => new Uri(address).Port != GrpcUrl.Port));
    }

    public Uri GrpcUrl { get; }

    /// <summary>The REST port (HTTP/1.1 + 2), bound by the service next to its gRPC port.</summary>
    public Uri RestUrl { get; }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("Grpc:Url", GrpcUrl.ToString());
        builder.UseSetting("urls", "http://127.0.0.1:0");
    }
}
