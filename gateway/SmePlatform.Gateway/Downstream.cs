namespace SmePlatform.Gateway;

/// <summary>A service behind the gateway: the paths it owns and where it listens (Services:NAME:Url).</summary>
public sealed record Downstream(string Name, string[] PathPrefixes, Uri Url)
{
    /// <summary>Which service owns which public paths. One place; YARP routes and readiness are derived from it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Routes = new Dictionary<string, string[]>
    {
        ["onestop"] = ["/api/onestop"],
        ["guarantee"] = ["/api/guarantee", "/api/bank"],
        ["diagnosis"] = ["/api/diagnosis"],
        ["matching"] = ["/api/matching"],
        ["stats"] = ["/api/stats"],
    };

    /// <summary>
    /// Exact paths the gateway lets through without a token: public contract documents that hold no data. Each is
    /// also declared anonymous in the owning service, which stays the judge of what it serves.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> PublicPaths = new Dictionary<string, string[]>
    {
        ["onestop"] = ["/api/onestop/openapi.json"],
        ["guarantee"] = ["/api/bank/v1/openapi.json", "/api/guarantee/openapi.json"],
        ["diagnosis"] = ["/api/diagnosis/openapi.json"],
        ["matching"] = ["/api/matching/openapi.json"],
        ["stats"] = ["/api/stats/openapi.json"],
    };

    /// <summary>
    /// Exact paths that take files larger than the gateway's usual body limit (Limits:MaxRequestBodyBytes, 1 MB), with
    /// their own limit: the same the owning service applies to that endpoint.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Path, long MaxBytes)[]> Uploads = new Dictionary<string, (string, long)[]>
    {
        ["diagnosis"] = [("/api/diagnosis/statement-imports", 16L * 1024 * 1024)],
    };

    public static IReadOnlyList<Downstream> FromConfiguration(IConfiguration configuration) =>
    [
        .. Routes.Select(route =>
        {
            var url = configuration[$"Services:{route.Key}:Url"]
                ?? throw new InvalidOperationException($"Services:{route.Key}:Url is not configured (where does {route.Key} listen?).");
            return new Downstream(route.Key, route.Value, new Uri(url));
        }),
    ];
}
