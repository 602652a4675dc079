using System.Security.Claims;
using System.Text.Json;
using SmePlatform.Application;
using SmePlatform.OneStop.Data;
using SmePlatform.ServiceDefaults.Auth;

namespace SmePlatform.OneStop.Application.Enterprises;

/// <summary>One entry of an enterprise's history: who did what when, field by field.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string Action, string ActorId, string? ActorRole, string? Scope, IReadOnlyList<FieldChange> Changes);

/// <summary>Every change to the enterprise, oldest first, from the audit trail: who, when, and each field before and after.</summary>
public sealed class EnterpriseHistoryHandler(RegisterStore register, AuditHistoryStore audit)
{
    private const int MaxHistoryEntries = 500;

    public async Task<Outcome<IReadOnlyList<HistoryEntry>>> HandleAsync(Guid id, ClaimsPrincipal caller, CancellationToken ct)
    {
        if (await register.FindAsync(id, ct) is not { } enterprise || !caller.WardScope().Allows(enterprise.Ward))
        {
            return EnterpriseRefusals.NotFound(id);
        }

        var rows = await audit.OfEntityAsync("enterprise", id.ToString(), MaxHistoryEntries, ct);
        return rows.Select(r => new HistoryEntry(r.OccurredAt, r.Action, r.ActorId, r.ActorRole, r.Scope,
            EnterpriseChanges.Between(Parse(r.Before), Parse(r.After)))).ToList();
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
