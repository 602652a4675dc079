using SmePlatform.ServiceDefaults.Auth;
using Yarp.ReverseProxy.Configuration;

namespace SmePlatform.Gateway;

/// <summary>YARP routes and clusters built from the downstream table, so adding a service is one line there.</summary>
public static class ProxyConfiguration
{
    public const string Portal = "portal";

    /// <summary>
    /// The services' routes, and the staff portal (Portal:Url) under every other path, "/" first: the browser's one
    /// address is the gateway's. The portal's paths pass without a token: it signs its users in itself (a cookie) and
    /// calls the services with their tokens, so the services' rules still decide every figure it shows.
    /// </summary>
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(IReadOnlyList<Downstream> services, string? portalUrl = null)
    {
        var (routes, clusters) = Build(services);
        if (string.IsNullOrWhiteSpace(portalUrl))
        {
            return (routes, clusters);
        }

        var portalRoute = new RouteConfig
        {
            RouteId = Portal,
            ClusterId = Portal,
            // Last of all: every route above, and the gateway's own endpoints (sign-in, discovery, health), win.
            Order = int.MaxValue,
            Match = new RouteMatch { Path = "/{**path}" },
            AuthorizationPolicy = "anonymous",
        };
        var portalCluster = new ClusterConfig
        {
            ClusterId = Portal,
            Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = portalUrl } },
            // A page's live connection (a WebSocket) is quiet between the user's clicks; Blazor pings it every 15 s.
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(2) },
        };
        return ([.. routes, portalRoute], [.. clusters, portalCluster]);
    }

    /// <summary>
    /// With the portal under every other path, an /api/ path no service owns must still be an API's 404, not the
    /// portal's sign-in page: API clients never follow a redirect to a form.
    /// </summary>
    public static void MapUnknownApiPaths(this WebApplication app)
    {
        app.Map("/api/{**rest}", () => Results.NotFound())
            .AllowAnonymousByDesign("answers 404 to any path no service owns, before the staff portal's catch-all");
    }

    private static (List<RouteConfig> Routes, List<ClusterConfig> Clusters) Build(IReadOnlyList<Downstream> services)
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
        routes.AddRange(services.SelectMany(service => Downstream.Uploads.GetValueOrDefault(service.Name, []).Select((upload, i) => new RouteConfig
        {
            RouteId = $"{service.Name}-upload-{i}",
            ClusterId = service.Name,
            Match = new RouteMatch { Path = upload.Path, Methods = ["POST"] },
            MaxRequestBodySize = upload.MaxBytes,
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
