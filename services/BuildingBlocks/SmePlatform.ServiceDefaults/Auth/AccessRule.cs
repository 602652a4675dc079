using Microsoft.AspNetCore.Builder;

namespace SmePlatform.ServiceDefaults.Auth;

/// <summary>
/// Who may call an endpoint, declared on the endpoint itself. The authorization matrix test reads these from the
/// running services (GET /_meta/access) and proves them; an endpoint without a rule fails that test.
/// </summary>
/// <param name="Roles">Roles allowed to call it.</param>
/// <param name="Scope">What data scope applies within it, in words (e.g. "own ward", "own bank").</param>
public sealed record AccessRule(IReadOnlyList<string> Roles, string Scope)
{
    public string PolicyName => "roles:" + string.Join(',', Roles.Order(StringComparer.Ordinal));
}

public static class AccessRuleExtensions
{
    /// <summary>Requires one of <paramref name="roles"/>, and records the rule for the access catalogue.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, string scope, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        var rule = new AccessRule(roles, scope);
        builder.WithMetadata(rule);
        builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        return builder;
    }

    /// <summary>Open to anyone, on purpose (health, discovery, sign-in): recorded so it is a decision, not an omission.</summary>
    public static TBuilder AllowAnonymousByDesign<TBuilder>(this TBuilder builder, string why)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessRule([], "anonymous: " + why));
        builder.AllowAnonymous();
        return builder;
    }
}
