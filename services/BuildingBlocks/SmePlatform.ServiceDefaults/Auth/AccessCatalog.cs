using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>One row of the access catalogue: an endpoint and the rule declared on it (null: none declared).</summary>
public sealed record AccessCatalogEntry(string Method, string Route, IReadOnlyList<string>? Roles, string? Scope);

public static class AccessCatalog
{
    /// <summary>
    /// GET {prefix}/_meta/access: every endpoint of this service with its declared rule. Admin only; it tells an
    /// attacker nothing a deployed service's behaviour would not, but there is no reason to show it to others.
    /// </summary>
    public static IEndpointConventionBuilder MapAccessCatalog(this IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGet(prefix + "/_meta/access", (EndpointDataSource endpoints) => Describe(endpoints))
            .RequireAccess("the whole service's endpoint list", Roles.Admin)
            .ExcludeFromDescription();

    public static IReadOnlyList<AccessCatalogEntry> Describe(EndpointDataSource endpoints) =>
    [
        .. endpoints.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint =>
            {
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
                // An explicit AllowAnonymous (e.g. gRPC health, mapped by a block that knows nothing of AccessRule) is a
                // decision too; only an endpoint with neither is undeclared.
                var rule = endpoint.Metadata.GetMetadata<AccessRule>()
                    ?? (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? new AccessRule([], "anonymous") : null);
                return methods.Select(method => new AccessCatalogEntry(method, "/" + endpoint.RoutePattern.RawText?.TrimStart('/'),
                    rule?.Roles, rule?.Scope));
            })
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal),
    ];
}
