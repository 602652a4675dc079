using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

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
        ConfigureService(builder);
    }

    /// <summary>The settings and services particular to this service's tests, applied after the common ones.</summary>
    protected virtual void ConfigureService(IWebHostBuilder builder)
    {
    }
}
