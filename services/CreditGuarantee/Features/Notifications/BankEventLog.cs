using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using SmePlatform.CreditGuarantee.Data;
using SmePlatform.CreditGuarantee.Domain;
using SmePlatform.CreditGuarantee.Features.Applications;
using SmePlatform.Data;

namespace SmePlatform.CreditGuarantee.Features.Notifications;

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

    public static async Task RecordAsync(UnitOfWork unit, ApplicationRow row, string from, string to, string action, string note, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        // One round trip: the event, and its delivery when the bank has a webhook.
        await unit.Connection.ExecuteAsync(new CommandDefinition(
            """
            WITH event AS (
                INSERT INTO bank_events (id, bank_id, application_id, type, status_from, status_to, occurred_at, payload)
                VALUES (@id, @bankId, @applicationId, @type, @from, @to, @at, CAST(@payload AS jsonb))
                RETURNING position, bank_id)
            INSERT INTO webhook_deliveries (id, bank_id, event_position, state, next_attempt_at, give_up_at, created_at)
            SELECT @deliveryId, event.bank_id, event.position, 'pending', @at, @giveUpAt, @at
            FROM event JOIN bank_webhooks w ON w.bank_id = event.bank_id
            """,
            new
            {
                id = Guid.CreateVersion7(), bankId = row.BankId, applicationId = row.Id, type = TypeOf(to), from, to, at,
                payload = JsonSerializer.Serialize(Payload(row, to, action, note), Json), deliveryId = Guid.CreateVersion7(),
                giveUpAt = at + RetryWindow,
            },
            unit.Transaction, cancellationToken: cancellationToken));
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
