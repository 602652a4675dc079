using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SmePlatform.Testing;

/// <summary>
/// The real app of a service, in process, as every service's test factory has it alike: Development, test tokens
/// trusted, its own database, and its own virtual host on the shared real RabbitMQ node (local or in a container, with
/// that node's credentials), deleted once the host has stopped (ADR 0014). A factory adds only what is particular to
/// its service (<see cref="ConfigureService"/>), sets its own fields, then chooses its Kestrel setup and starts the server.
/// </summary>
public abstract class ServiceUnderTest<TProgram>(string connectionString, RabbitMqServer rabbitMq) : WebApplicationFactory<TProgram>
    where TProgram : class
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>The factory's own virtual host: the test's publishers use it too.</summary>
    public RabbitMqVirtualHost VirtualHost { get; } = rabbitMq.CreateVirtualHost();

    /// <summary>The service's gRPC port (Grpc:Url, HTTP/2 only), once <see cref="StartWithGrpcPort"/> started it.</summary>
    public Uri GrpcUrl { get; private set; } = null!;

    /// <summary>The REST port (HTTP/1.1 + 2), bound by the service next to its gRPC port by <see cref="StartWithGrpcPort"/>.</summary>
    public Uri RestUrl { get; private set; } = null!;

    /// <summary>
    /// Starts the service on real sockets with its gRPC port configured as in production (Grpc:Url on a free port, the
    /// REST URLs on another), for tests that call it over gRPC. Call it last in the factory's constructor.
    /// </summary>
    protected void StartWithGrpcPort()
    {
        GrpcUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        // Not UseKestrel(port): that makes Kestrel prefer the hosting URL and drop the service's own listeners.
        UseKestrel();
        StartServer();
        RestUrl = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(address => new Uri(address).Port != GrpcUrl.Port));
    }

    /// <summary>
    /// The factory's clients ask for English: the tests read the services' messages in the words of the code. Which
    /// language a caller gets, and Chinese by default, is tested on its own.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        VirtualHost.Dispose();
        GC.SuppressFinalize(this);
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.TrustTestTokens();
        builder.UseSetting("ConnectionStrings:Database", ConnectionString);
        builder.UseSetting("RabbitMq:Host", VirtualHost.Host);
        builder.UseSetting("RabbitMq:Port", VirtualHost.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RabbitMq:VirtualHost", VirtualHost.Name);
        builder.UseSetting("RabbitMq:Username", VirtualHost.Username);
        builder.UseSetting("RabbitMq:Password", VirtualHost.Password);
        if (GrpcUrl is not null)
        {
            builder.UseSetting("Grpc:Url", GrpcUrl.ToString());
            builder.UseSetting("urls", "http://127.0.0.1:0");
        }

        ConfigureService(builder);
    }

    /// <summary>The settings and services particular to this service's tests, applied after the common ones.</summary>
    protected virtual void ConfigureService(IWebHostBuilder builder)
    {
    }
}
