using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.Data;

public sealed record AuditRecord(
    Guid Id, DateTimeOffset OccurredAt, string ActorId, string? ActorRole, string? Scope, string Action, string EntityType,
    string EntityId, string? Before, string? After, string? TraceId);

public static class AuditTrail
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// GET {prefix}/audit?entityId=&amp;actor=&amp;before=&amp;limit=: this service's audit trail, newest first, for the
    /// SME Office and administrators. At least one of entityId or actor is required: the trail is looked up, not dumped.
    /// </summary>
    public static IEndpointConventionBuilder MapAuditTrail(this IEndpointRouteBuilder routes, string prefix) =>
        routes.MapGet(prefix + "/audit", QueryAsync)
            .WithTags("Audit")
            .RequireAccess("every record of this service", Roles.SmeOffice, Roles.Admin);

    private static async Task<IResult> QueryAsync(
        NpgsqlDataSource dataSource, string? entityId, string? actor, DateTimeOffset? before, int? limit, CancellationToken cancellationToken)
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

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRecord>(new CommandDefinition(
            """
            SELECT id, occurred_at, actor_id, actor_role, scope, action, entity_type, entity_id,
                   before::text AS before, after::text AS after, trace_id
            FROM audit_log
            WHERE (@entityId::text IS NULL OR entity_id = @entityId)
              AND (@actor::text IS NULL OR actor_id = @actor)
              AND (@before::timestamptz IS NULL OR occurred_at < @before)
            ORDER BY occurred_at DESC, id DESC
            LIMIT @limit
            """,
            new { entityId = Blank(entityId), actor = Blank(actor), before, limit = limit ?? 100 },
            cancellationToken: cancellationToken));
        return TypedResults.Ok(rows);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
