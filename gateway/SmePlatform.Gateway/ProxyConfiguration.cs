using Yarp.ReverseProxy.Configuration;

namespace SmePlatform.Gateway;

/// <summary>YARP routes and clusters built from the downstream table, so adding a service is one line there.</summary>
public static class ProxyConfiguration
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(IReadOnlyList<Downstream> services)
    {
        var routes = services.SelectMany(service => service.PathPrefixes.Select((prefix, i) => new RouteConfig
        {
            RouteId = $"{service.Name}-{i}",
            ClusterId = service.Name,
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
        })).ToList();
        // YARP's built-in "anonymous" policy; an exact path outranks the catch-all above.
        routes.AddRange(services.SelectMany(service => Downstream.PublicPaths.GetValueOrDefault(service.Name, []).Select((path, i) => new RouteConfig
        {
            RouteId = $"{service.Name}-public-{i}",
            ClusterId = service.Name,
            Match = new RouteMatch { Path = path, Methods = ["GET"] },
            AuthorizationPolicy = "anonymous",
        })));

        var clusters = services.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["primary"] = new() { Address = service.Url.ToString() },
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) },
        }).ToList();
        return (routes, clusters);
    }
}
