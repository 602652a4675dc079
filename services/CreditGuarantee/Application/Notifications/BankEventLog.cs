using System.Text.Json.Serialization;
using System.Text.Json;
using SmePlatform.CreditGuarantee.Application.Applications;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Application.Notifications;

/// <summary>
/// Records each status change of an application for its bank (bank_events), in the transaction of the change, and a
/// webhook delivery for it when the bank has a webhook. Called where transitions are persisted
/// (<see cref="ApplicationWorkflow.SaveAsync"/>) and by the submission (none → submitted), so a bank learns of every
/// change exactly when it commits, and of none that rolled back.
/// </summary>
public static class BankEventLog
{
    /// <summary>How long a delivery is retried before it is marked failed (replayable).</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(24);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly HashSet<string> DecisionStates =
    [
        States.ToWire(ApplicationState.Approved), States.ToWire(ApplicationState.ApprovedWithConditions), States.ToWire(ApplicationState.Declined),
    ];

    /// <summary>"application.&lt;status&gt;" before issuance, "guarantee.&lt;status&gt;" from issuance on.</summary>
    public static string TypeOf(string toState) =>
        (States.TryParse(toState, out var state) && state >= ApplicationState.Issued ? "guarantee." : "application.") + toState;

    /// <remarks>
    /// Deferred to the unit's commit batch (<see cref="UnitOfWork.Defer"/>): nothing reads the event before commit, and a
    /// status change costs no round trip of its own. Its position is taken then, in the order of the unit's writes.
    /// </remarks>
    public static Task RecordAsync(UnitOfWork unit, ApplicationRow row, string from, string to, string action, string note, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // One statement: the event, and its delivery when the bank has a webhook.
        unit.Defer(
            """
            WITH event AS (
                INSERT INTO bank_events (id, bank_id, application_id, type, status_from, status_to, occurred_at, payload)
                VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS jsonb))
                RETURNING position, bank_id)
            INSERT INTO webhook_deliveries (id, bank_id, event_position, state, next_attempt_at, give_up_at, created_at)
            SELECT $9, event.bank_id, event.position, 'pending', $7, $10, $7
            FROM event JOIN bank_webhooks w ON w.bank_id = event.bank_id
            """,
            Guid.CreateVersion7(), row.BankId, row.Id, TypeOf(to), from, to, at,
            JsonSerializer.Serialize(Payload(row, to, action, note), Json), Guid.CreateVersion7(), at + RetryWindow);
        return Task.CompletedTask;
    }

    /// <summary>
    /// What a bank acts on, in the API's own shapes: the question when information is requested, the decision with its
    /// reasons when decided, the conditions to meet, the guarantee's figures once issued. The application as a whole
    /// stays at GET /applications/{id}.
    /// </summary>
    public static BankEventPayload Payload(ApplicationRow row, string to, string action, string note)
    {
        var view = ApplicationViews.ForBank(row, []);
        return new BankEventPayload(
            view.ApplicationKey,
            action,
            note.Length == 0 ? null : note,
            to == States.ToWire(ApplicationState.MoreInformationRequested) ? view.InformationRequest : null,
            DecisionStates.Contains(to) ? view.Decision : null,
            view.Conditions.Count > 0 ? view.Conditions : null,
            view.Guarantee);
    }
}

/// <summary>The payload of a bank event; absent parts do not apply to the change.</summary>
public sealed record BankEventPayload(
    string ApplicationKey,
    string Action,
    string? Note,
    InformationRequestView? InformationRequest,
    DecisionView? Decision,
    IReadOnlyList<ConditionView>? Conditions,
    GuaranteeView? Guarantee);
