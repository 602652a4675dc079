using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.ServiceDefaults.Http;

/// <summary>One entry of a service's audit trail: who did what to which record, with the record before and after.</summary>
public sealed record AuditRecord(
    Guid Id, DateTimeOffset OccurredAt, string ActorId, string? ActorRole, string? Scope, string Action, string EntityType,
    string EntityId, string? Before, string? After, string? TraceId);

/// <summary>A lookup of the trail: by record, by actor or both, newest first, before a time.</summary>
public sealed record AuditQuery(string? EntityId, string? Actor, DateTimeOffset? Before, int Limit);

/// <summary>Where a service's audit trail is read from (its database: SmePlatform.Data registers it).</summary>
public interface IAuditTrail
{
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}

public static class AuditEndpoints
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 100;

    /// <summary>
    /// GET {prefix}/audit?entityId=&amp;actor=&amp;before=&amp;limit=: this service's audit trail, newest first, for the
    /// SME Office and administrators. At least one of entityId or actor is required: the trail is looked up, not dumped.
    /// </summary>
    public static IEndpointConventionBuilder MapAuditTrail(this IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGet(prefix + "/audit", QueryAsync)
            .WithTags("Audit")
            .RequireAccess("every record of this service", Roles.SmeOffice, Roles.Admin);

    private static async Task<Results<Ok<IReadOnlyList<AuditRecord>>, ValidationProblem>> QueryAsync(
        IAuditTrail trail, string? entityId, string? actor, DateTimeOffset? before, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(entityId) && string.IsNullOrWhiteSpace(actor))
        {
            errors["entityId"] = ["Give an entityId or an actor (or both)."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"limit is between 1 and {MaxPageSize.ToString(CultureInfo.InvariantCulture)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = new AuditQuery(Blank(entityId), Blank(actor), before, limit ?? DefaultPageSize);
        return TypedResults.Ok(await trail.QueryAsync(query, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
