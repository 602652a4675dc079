using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace SmePlatform.Testing;

public static class ServiceUnderTest
{
    /// <summary>
    /// What every in-process service test configures alike: Development, test tokens trusted, its own database, and
    /// its own virtual host on the shared real RabbitMQ node. A factory adds only what is particular to its service.
    /// </summary>
    public static IWebHostBuilder UseTestInfrastructure(this IWebHostBuilder builder, string connectionString, RabbitMqVirtualHost rabbitMq)
    {
        builder.UseEnvironment("Development");
        builder.TrustTestTokens();
        builder.UseSetting("ConnectionStrings:Database", connectionString);
        builder.UseSetting("RabbitMq:Host", rabbitMq.Host);
        builder.UseSetting("RabbitMq:Port", rabbitMq.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("RabbitMq:VirtualHost", rabbitMq.Name);
        return builder;
    }
}
