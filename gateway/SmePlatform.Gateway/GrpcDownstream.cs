using System.Net;
using SmePlatform.ServiceDefaults.Grpc;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace SmePlatform.Gateway;

/// <summary>
/// The public gRPC services and who owns them: partner systems call them on the gateway's gRPC port
/// (Gateway:GrpcUrl, HTTP/2 only), and each is proxied to its owner's gRPC port (Services:NAME:GrpcUrl) over h2c.
/// The caller's token travels through unchanged: each service authenticates and authorizes its own methods, as on the
/// REST side.
/// </summary>
public sealed record GrpcDownstream(string Name, string[] GrpcServices, Uri GrpcUrl)
{
    public const string UrlKey = "Gateway:GrpcUrl";

    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>Which service owns which public gRPC service (full names, "package.Service"). One place; routes derive from it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Routes = new Dictionary<string, string[]>
    {
        ["onestop"] = ["smeplatform.onestop.v1.EnterpriseDirectory"],
        ["guarantee"] = ["smeplatform.guarantee.v1.BankApplications"],
    };

    public static IReadOnlyList<GrpcDownstream> FromConfiguration(IConfiguration configuration) =>
    [
        .. Routes.Select(route =>
        {
            var url = configuration[$"Services:{route.Key}:GrpcUrl"]
                ?? throw new InvalidOperationException($"Services:{route.Key}:GrpcUrl is not configured (where is {route.Key}'s gRPC port?).");
            return new GrpcDownstream(route.Key, route.Value, new Uri(url));
        }),
    ];

    /// <summary>
    /// One route per gRPC service ("/package.Service/{**method}": a catch-all cannot share a segment with a literal),
    /// answered only on the gRPC port, to a cluster that speaks HTTP/2 and nothing else (h2c needs prior knowledge).
    /// </summary>
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) BuildProxyConfiguration(
        IReadOnlyList<GrpcDownstream> services, Uri gatewayGrpcUrl)
    {
        var routes = services.SelectMany(service => service.GrpcServices.Select(grpcService => new RouteConfig
        {
            RouteId = $"grpc-{grpcService}",
            ClusterId = $"grpc-{service.Name}",
            Match = new RouteMatch { Path = $"/{grpcService}/{{**method}}", Hosts = [$"*:{gatewayGrpcUrl.Port}"] },
        })).ToList();

        var clusters = services.Select(service => new ClusterConfig
        {
            ClusterId = $"grpc-{service.Name}",
            Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = service.GrpcUrl.ToString() } },
            HttpRequest = new ForwarderRequestConfig
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                // Streams may be long; the caller's grpc-timeout is what bounds a call, this only catches a silent peer.
                ActivityTimeout = TimeSpan.FromMinutes(2),
            },
        }).ToList();
        return (routes, clusters);
    }

    /// <summary>The gateway's gRPC listener (HTTP/2 only) next to its REST URLs.</summary>
    public static Uri AddListener(WebApplicationBuilder builder)
    {
        builder.AddHttp2OnlyListener(UrlKey, DefaultUrl);
        return Http2Listeners.ConfiguredUri(builder.Configuration, UrlKey, DefaultUrl)!;
    }
}
