using System.Security.Claims;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Data;

/// <summary>Who acted: a user, bank or service id, their role(s), and the ward or bank they acted within.</summary>
public sealed record Actor(string Id, string? Role = null, string? Scope = null)
{
    public static Actor System(string service) => new("system:" + service, "system");

    /// <summary>The signed-in caller as the audit trail records them.</summary>
    public static Actor From(ClaimsPrincipal user)
    {
        var scope = user.Ward() is { } ward ? "ward:" + ward : user.BankId() is { } bank ? "bank:" + bank : null;
        return new Actor(user.Id() ?? "unknown", string.Join(',', user.PlatformRoles()), scope);
    }
}

public sealed record AuditEntry(Actor Actor, string Action, string EntityType, string EntityId, object? Before, object? After);
