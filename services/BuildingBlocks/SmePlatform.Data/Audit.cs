namespace SmePlatform.Data;

/// <summary>Who acted: a user or service id, their role, and the ward or bank they acted within.</summary>
public sealed record Actor(string Id, string? Role = null, string? Scope = null)
{
    /// <summary>Until sign-in exists (identity issue), requests are attributed to this actor.</summary>
    public static readonly Actor Anonymous = new("anonymous");

    public static Actor System(string service) => new("system:" + service, "system");
}

public sealed record AuditEntry(Actor Actor, string Action, string EntityType, string EntityId, object? Before, object? After);
